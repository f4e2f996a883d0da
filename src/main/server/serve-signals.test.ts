import { existsSync, readdirSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../../engine/testing'
import { openSocket, socketCall, spawnServe } from './testing-serve'

const TOKEN = 'signals-token-0123456789ab'
const home = scratchDir('serve-signals')
afterAll(() => home.remove())

function portRefuses(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message))
  })
}

describe('sieve serve stops cleanly on a signal', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 0]
  ] as const)('%s: exits with %i, with a client connected and an upload open, and frees its port', async (signal, expected) => {
    const { child, port } = await spawnServe(home.path, TOKEN)
    const ws = await openSocket(port, { Authorization: `Bearer ${TOKEN}` })
    ws.on('error', () => undefined)
    const begun = await socketCall(ws, 'uploads/begin', { name: 'half.jsonl', size: 100 })
    expect(begun.ok).toBe(true)
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, sig) => resolve({ code, signal: sig }))
    )
    child.kill(signal)
    // Ended by its own handler with its exit code, not killed by the signal.
    expect(await exited).toEqual({ code: expected, signal: null })
    expect(await portRefuses(port)).toBe('ECONNREFUSED')
    // The unfinished upload was aborted on the way out, not left as a part file.
    const parts = join(home.path, 'uploads', '.parts')
    expect(existsSync(parts) ? readdirSync(parts) : []).toEqual([])
  })
})
