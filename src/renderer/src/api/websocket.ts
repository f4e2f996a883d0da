import type { EventName, Method, Transport } from '../../../shared/api'
import type { Reply } from '../../../shared/errors'
import { decodeFrame, encodeFrame } from '../../../shared/wire'

interface Pending {
  resolve: (reply: Reply<unknown>) => void
}

/**
 * The API over the WebSocket of `sieve serve`. The token travels in the cookie the server set
 * when the page was opened with `?token=`. A dropped connection fails the requests in flight and
 * is re-opened on the next request.
 */
export function websocketTransport(url: string): Transport {
  let socket: WebSocket | undefined
  let opened: Promise<WebSocket> | undefined
  let nextId = 1
  const pending = new Map<number, Pending>()
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()

  const connect = (): Promise<WebSocket> => {
    if (opened !== undefined) return opened
    opened = new Promise((resolve, reject) => {
      const ws = new WebSocket(url)
      ws.binaryType = 'arraybuffer'
      ws.onopen = () => {
        socket = ws
        resolve(ws)
      }
      ws.onerror = () => reject(new Error('Cannot reach the Sieve backend. Is `sieve serve` still running?'))
      ws.onclose = () => {
        socket = undefined
        opened = undefined
        for (const [id, p] of pending) {
          pending.delete(id)
          p.resolve({
            ok: false,
            error: { code: 'INTERNAL', message: 'The connection to the Sieve backend closed. Is `sieve serve` still running?' }
          })
        }
      }
      ws.onmessage = (message: MessageEvent<ArrayBuffer>) => {
        const frame = decodeFrame(new Uint8Array(message.data)) as { id?: number; reply?: Reply<unknown>; event?: EventName; payload?: unknown }
        if (frame.event !== undefined) {
          for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload)
          return
        }
        if (frame.id === undefined || frame.reply === undefined) return
        const p = pending.get(frame.id)
        pending.delete(frame.id)
        p?.resolve(frame.reply)
      }
    })
    opened.catch(() => {
      opened = undefined
    })
    return opened
  }

  return {
    async call(method: Method, params: unknown): Promise<Reply<unknown>> {
      let ws: WebSocket
      try {
        ws = socket ?? (await connect())
      } catch (err) {
        return { ok: false, error: { code: 'INTERNAL', message: (err as Error).message } }
      }
      const id = nextId++
      return new Promise((resolve) => {
        pending.set(id, { resolve })
        ws.send(encodeFrame({ id, method, params }))
      })
    },
    subscribe(event, listener) {
      void connect().catch(() => undefined)
      let set = listeners.get(event)
      if (set === undefined) {
        set = new Set()
        listeners.set(event, set)
      }
      set.add(listener)
      return () => {
        set.delete(listener)
      }
    }
  }
}
