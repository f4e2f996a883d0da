import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { decodeFrame, encodeFrame } from '../../shared/wire'
import { scratchDir } from '../../engine/testing'
import type { Backend } from '../service/backend'
import { newToken, startServer, type RunningServer } from './serve'
import { MAX_UPLOAD_CHUNK } from '../service/validate'

// The server in this process (not the built CLI), so mutation testing sees its auth code run.
const TOKEN = 'tok=en-0123456789abcdef'
const scratch = scratchDir('serve-auth')
const calls: unknown[] = []
const backend = {
  onEvent: () => () => undefined,
  releaseClient: async () => undefined,
  call: async (method: unknown, params: unknown) => {
    calls.push([method, params])
    return { ok: true, result: 'pong' }
  }
} as unknown as Backend
let server: RunningServer
let starting: Promise<RunningServer> | undefined

// Started by the first test, not in beforeAll: a server that fails to start must fail a test (a
// failing hook only skips them, which mutation testing would count as a surviving mutant).
beforeEach(async () => {
  starting ??= (async () => {
    mkdirSync(join(scratch.path, 'renderer'))
    writeFileSync(join(scratch.path, 'renderer', 'index.html'), '<!doctype html><title>Sieve</title>')
    return startServer({ backend, rendererDir: join(scratch.path, 'renderer'), port: 0, token: TOKEN })
  })()
  server = await starting
})
afterAll(async () => {
  await (await starting)?.close()
  scratch.remove()
})

function get(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET'
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`http://127.0.0.1:${server.port}${path}`, { headers, method }, (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d.toString()))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Opens a socket; resolves with it once open, or with the HTTP status the upgrade was refused with. */
function connect(path: string, headers: Record<string, string> = {}): Promise<WebSocket | number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.once('error', reject)
  })
}

describe('serve: tokens', () => {
  it('a new token is 24 random bytes in base64url; a short token is refused', async () => {
    const a = newToken()
    expect(a).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(newToken()).not.toBe(a)
    await expect(startServer({ backend, rendererDir: scratch.path, token: 'x'.repeat(15) })).rejects.toThrow(
      'the serve token must be at least 16 characters'
    )
    const sixteen = await startServer({ backend, rendererDir: scratch.path, token: 'y'.repeat(16) })
    await sixteen.close()
  })

  it('prints a URL on 127.0.0.1 with the token in its query', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${encodeURIComponent(TOKEN)}`)
    expect(server.token).toBe(TOKEN)
    expect(server.port).toBeGreaterThan(0)
  })
})

describe('serve: every request carries the token', () => {
  it('refuses a request without it, or with a wrong, shorter, longer or differently cased one', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${TOKEN.slice(0, -1)}X` },
      { authorization: `Bearer ${TOKEN.slice(1)}` },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `bearer ${TOKEN}` },
      { authorization: TOKEN },
      { cookie: `other=${TOKEN}` }
    ]
    for (const headers of attempts) {
      const r = await get('/', headers)
      expect(r.status, JSON.stringify(headers)).toBe(401)
      expect(r.body).toBe('401 Unauthorized: missing or wrong token. Open the URL that `sieve serve` printed, with its token.\n')
      expect(r.headers['content-type']).toBe('text/plain; charset=utf-8')
    }
  })

  it('accepts it in the query (and then sets it as a strict HttpOnly cookie), as a bearer header, or as the cookie among others', async () => {
    const query = await get(`/?token=${encodeURIComponent(TOKEN)}`)
    expect(query.status).toBe(200)
    expect(query.body).toContain('<title>Sieve</title>')
    expect(query.headers['set-cookie']).toEqual([`sieve_token_${server.port}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`])
    const bearer = await get('/', { authorization: `Bearer ${TOKEN}` })
    expect(bearer.status).toBe(200)
    expect(bearer.headers['set-cookie']).toBeUndefined()
    const cookie = await get('/index.html', { cookie: `a=1; sieve_token_${server.port}=${TOKEN}; b=2` })
    expect(cookie.status).toBe(200)
    expect(cookie.headers['set-cookie']).toBeUndefined()
  })

  it('a query token wins over a header, even a right header with a wrong query', async () => {
    expect((await get('/?token=wrong', { authorization: `Bearer ${TOKEN}` })).status).toBe(401)
  })

  it('refuses a Host header that does not name this server, whatever the token; localhost:port is this server', async () => {
    const refused = await get('/', { authorization: `Bearer ${TOKEN}`, host: `evil.example:${server.port}` })
    expect(refused.status).toBe(401)
    expect(refused.body).toContain('unexpected Host header')
    expect((await get('/', { authorization: `Bearer ${TOKEN}`, host: `127.0.0.1:${server.port + 1}` })).status).toBe(401)
    expect((await get('/', { authorization: `Bearer ${TOKEN}`, host: `localhost:${server.port}` })).status).toBe(200)
  })

  it('only GET and HEAD are served', async () => {
    const post = await get('/', { authorization: `Bearer ${TOKEN}` }, 'POST')
    expect(post.status).toBe(405)
    expect(post.headers.allow).toBe('GET, HEAD')
    const head = await get('/', { authorization: `Bearer ${TOKEN}` }, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })
})

describe('serve: the API socket', () => {
  it("opens on /api with the token, from no Origin or this server's own, and answers frames through the backend", async () => {
    for (const origin of [undefined, `http://127.0.0.1:${server.port}`, `http://localhost:${server.port}`]) {
      const ws = await connect(`/api?token=${encodeURIComponent(TOKEN)}`, origin === undefined ? {} : { origin })
      expect(ws, String(origin)).toBeInstanceOf(WebSocket)
      const socket = ws as WebSocket
      const reply = new Promise<unknown>((resolve) => socket.once('message', (data: Buffer) => resolve(decodeFrame(new Uint8Array(data)))))
      socket.send(encodeFrame({ id: 3, method: 'ping', params: { a: 1 } }))
      expect(await reply).toEqual({ id: 3, reply: { ok: true, result: 'pong' } })
      socket.close()
    }
    expect(calls.at(-1)).toEqual(['ping', { a: 1 }])
  })

  it('refuses a socket without the token, from another Origin, or with a wrong Host: 401; with all right but another path: 404', async () => {
    expect(await connect('/api')).toBe(401)
    expect(await connect(`/api?token=${encodeURIComponent(TOKEN)}`, { origin: 'http://evil.example' })).toBe(401)
    expect(await connect(`/api?token=${encodeURIComponent(TOKEN)}`, { origin: `https://127.0.0.1:${server.port}` })).toBe(401)
    expect(await connect(`/api?token=${encodeURIComponent(TOKEN)}`, { host: 'evil.example' })).toBe(401)
    expect(await connect(`/other?token=${encodeURIComponent(TOKEN)}`)).toBe(404)
  })

  it('closes a socket that sends a text frame or a frame that does not decode', async () => {
    for (const bad of ['text', Buffer.from([9, 0, 0, 0, 1])]) {
      const socket = (await connect(`/api?token=${encodeURIComponent(TOKEN)}`)) as WebSocket
      const closed = new Promise<number>((resolve) => socket.once('close', (code: number) => resolve(code)))
      socket.send(bad)
      expect(await closed).toBe(1003)
    }
  })

  it('takes a frame as large as the largest upload chunk', async () => {
    const socket = (await connect(`/api?token=${encodeURIComponent(TOKEN)}`)) as WebSocket
    const reply = new Promise<unknown>((resolve) => socket.once('message', (data: Buffer) => resolve(decodeFrame(new Uint8Array(data)))))
    socket.send(encodeFrame({ id: 4, method: 'upload', params: { bytes: new Uint8Array(MAX_UPLOAD_CHUNK) } }))
    expect(await reply).toEqual({ id: 4, reply: { ok: true, result: 'pong' } })
    expect((calls.at(-1) as [string, { bytes: Uint8Array }])[1].bytes.byteLength).toBe(MAX_UPLOAD_CHUNK)
    socket.close()
  })

  it('a port already taken fails the start', async () => {
    await expect(startServer({ backend, rendererDir: scratch.path, port: server.port, token: TOKEN })).rejects.toThrow(/EADDRINUSE/)
  })

  it('close ends open sockets', async () => {
    const other = await startServer({ backend, rendererDir: scratch.path, token: TOKEN })
    const socket = await new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${other.port}/api?token=${encodeURIComponent(TOKEN)}`)
      ws.once('open', () => resolve(ws))
      ws.once('error', reject)
    })
    const closed = new Promise((resolve) => socket.once('close', resolve))
    await other.close()
    await closed
  })
})
