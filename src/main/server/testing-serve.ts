import { spawn, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { join } from 'node:path'
import WebSocket from 'ws'
import type { Reply } from '../../shared/errors'
import { decodeFrame, encodeFrame } from '../../shared/wire'
import { REPO_ROOT } from '../../engine/testing'

/** A real `sieve serve` child for tests, on a free port, with a known token and its own home. */
export async function spawnServe(home: string, token: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'sieve'), 'serve', '--port', '0'], {
    env: { ...process.env, SIEVE_TOKEN: token, SIEVE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /serving on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)))
  })
  return { child, port }
}

export function httpGet(
  port: number,
  path: string,
  headers: Record<string, string> = {}
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`http://127.0.0.1:${port}${path}`, { headers }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

/** Opens a socket; rejects with `HTTP <status>` when the server refuses the upgrade. */
export function openSocket(port: number, headers: Record<string, string>, path = '/api'): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

let nextId = 1
export function socketCall<T = unknown>(ws: WebSocket, method: string, params: unknown): Promise<Reply<T>> {
  const id = nextId++
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const frame = decodeFrame(new Uint8Array(data)) as { id?: number; reply?: Reply<T> }
      if (frame.id !== id) return
      ws.off('message', onMessage)
      resolve(frame.reply!)
    }
    ws.on('message', onMessage)
    ws.send(encodeFrame({ id, method, params }))
  })
}

/** The close code the server ended a socket with. */
export function closed(ws: WebSocket): Promise<number> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve(1006)
  return new Promise((resolve) => {
    ws.on('error', () => undefined)
    ws.once('close', (code) => resolve(code))
  })
}
