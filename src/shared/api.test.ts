import { describe, expect, it } from 'vitest'
import { API_EVENTS, API_FUNCTIONS, createApi, createBridgeFunctions, transportFromBridge, type Transport } from './api'
import { SieveError } from './errors'

function recordingTransport(): Transport & { calls: [string, unknown][]; emit: (e: string, p: unknown) => void } {
  const calls: [string, unknown][] = []
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  return {
    calls,
    emit: (e, p) => listeners.get(e)?.forEach((l) => l(p)),
    call: async (method, params) => {
      calls.push([method, params])
      if (method === 'fs/list') return { ok: false, error: { code: 'NOT_FOUND', message: 'gone', details: { path: '/x' } } }
      return { ok: true, result: { echoed: method } }
    },
    subscribe: (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      return () => set.delete(listener)
    }
  }
}

describe('the API client', () => {
  it('maps every named function to its domain/verb request', async () => {
    const transport = recordingTransport()
    const api = createApi(transport) as unknown as Record<string, (p: unknown) => Promise<unknown>>
    for (const [name, method] of Object.entries(API_FUNCTIONS)) {
      if (method === 'fs/list') continue
      await expect(api[name]!({})).resolves.toEqual({ echoed: method })
    }
    expect(transport.calls.map(([m]) => m)).toEqual(Object.values(API_FUNCTIONS).filter((m) => m !== 'fs/list'))
  })

  it('rebuilds errors as SieveError with code, message and details', async () => {
    const api = createApi(recordingTransport())
    const err = await api.listDirectory({ path: '/x' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SieveError)
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: 'gone', details: { path: '/x' } })
  })

  it('gives every on… an unsubscribe, through a bridge as well', () => {
    const transport = recordingTransport()
    const api = createApi(transportFromBridge(createBridgeFunctions(transport)))
    const seen: unknown[] = []
    const off = api.onAppOpen((p) => seen.push(p))
    transport.emit(API_EVENTS.onAppOpen, { kind: 'dataset', path: '/a' })
    off()
    transport.emit(API_EVENTS.onAppOpen, { kind: 'dataset', path: '/b' })
    expect(seen).toEqual([{ kind: 'dataset', path: '/a' }])
  })
})
