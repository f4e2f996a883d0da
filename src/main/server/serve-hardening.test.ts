import { spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs'
import type { Socket } from 'node:net'
import { join } from 'node:path'
import type WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFrame } from '../../shared/wire'
import { REPO_ROOT, scratchDir } from '../../engine/testing'
import { MAX_REQUESTS_IN_FLIGHT, startServer, type ServeOptions } from './serve'
import { closed, httpGet, openSocket, socketCall, spawnServe } from './testing-serve'

// One character changed, same length: only a real comparison of the bytes refuses it.
const TOKEN = 'hardening-token-0123456789'
const NEAR_TOKEN = 'hardening-token-0123456788'
const home = scratchDir('serve-hardening')
let server: ChildProcess
let port = 0
let cookie = ''

beforeAll(async () => {
  ;({ child: server, port } = await spawnServe(home.path, TOKEN))
  cookie = `sieve_token_${port}`
})

afterAll(async () => {
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGTERM')
    await exited
  }
  home.remove()
})

/** The server is still up and answering: the one bad client took down nothing but its own socket. */
async function stillServing(): Promise<void> {
  expect(server.exitCode).toBeNull()
  const ws = await openSocket(port, { Authorization: `Bearer ${TOKEN}` })
  try {
    expect(await socketCall(ws, 'app/info', {})).toMatchObject({ ok: true })
  } finally {
    ws.close()
  }
}

function rawSocket(ws: WebSocket): Socket {
  return (ws as unknown as { _socket: Socket })._socket
}

describe('serve: the token', () => {
  it('refuses a same-length token with one character changed, in the query, cookie, bearer header and socket', async () => {
    expect(NEAR_TOKEN.length).toBe(TOKEN.length)
    expect((await httpGet(port, `/?token=${NEAR_TOKEN}`)).status).toBe(401)
    expect((await httpGet(port, '/', { Cookie: `${cookie}=${NEAR_TOKEN}` })).status).toBe(401)
    expect((await httpGet(port, '/', { Authorization: `Bearer ${NEAR_TOKEN}` })).status).toBe(401)
    await expect(openSocket(port, { Cookie: `${cookie}=${NEAR_TOKEN}` })).rejects.toThrow('HTTP 401')
    await expect(openSocket(port, { Authorization: `Bearer ${NEAR_TOKEN}` })).rejects.toThrow('HTTP 401')
    await expect(openSocket(port, {}, `/api?token=${NEAR_TOKEN}`)).rejects.toThrow('HTTP 401')
    // The right token on each carrier is let in, so the refusals above are about the one character.
    expect((await httpGet(port, `/?token=${TOKEN}`)).status).toBe(200)
    expect((await httpGet(port, '/', { Authorization: `Bearer ${TOKEN}` })).status).toBe(200)
    ;(await openSocket(port, {}, `/api?token=${TOKEN}`)).close()
  })

  it('names its cookie after its port, so another local server never receives or overwrites it', async () => {
    const page = await httpGet(port, `/?token=${TOKEN}`)
    expect(String(page.headers['set-cookie'])).toMatch(new RegExp(`^${cookie}=${TOKEN}; HttpOnly; SameSite=Strict; Path=/`))
    expect((await httpGet(port, '/', { Cookie: `${cookie}=${TOKEN}` })).status).toBe(200)
    expect((await httpGet(port, '/', { Cookie: `sieve_token=${TOKEN}` })).status).toBe(401)
    expect((await httpGet(port, '/', { Cookie: `sieve_token_${port + 1}=${TOKEN}` })).status).toBe(401)
  })

  it('refuses a socket upgrade for another Host name, and answers 404 for a socket path other than /api', async () => {
    await expect(openSocket(port, { Authorization: `Bearer ${TOKEN}`, Host: `evil.example:${port}` })).rejects.toThrow('HTTP 401')
    await expect(openSocket(port, { Authorization: `Bearer ${TOKEN}` }, '/other')).rejects.toThrow('HTTP 404')
    await expect(openSocket(port, { Authorization: `Bearer ${TOKEN}` }, '/api/more')).rejects.toThrow('HTTP 404')
  })
})

describe('serve: one bad client closes only its own socket', () => {
  it('a frame whose JSON header is null (or a number, or an array) closes that socket', async () => {
    for (const header of [null, 7, [1, 2]]) {
      const ws = await openSocket(port, { Authorization: `Bearer ${TOKEN}` })
      const code = closed(ws)
      ws.send(encodeFrame(header))
      expect(await code).toBe(1003)
    }
    await stillServing()
  })

  it.each([
    ['an attachment index beyond its attachments', JSON.stringify({ id: 1, method: 'app/info', params: { x: { $bin: 40_000_000, length: 0 } } })],
    ['params nested 100,000 deep', `{"id":1,"method":"app/info","params":${'['.repeat(100_000)}${']'.repeat(100_000)}}`]
  ])('a frame with %s closes that socket', async (_what, json) => {
    const ws = await openSocket(port, { Authorization: `Bearer ${TOKEN}` })
    const code = closed(ws)
    const header = Buffer.from(json)
    const frame = Buffer.alloc(4 + header.length)
    frame.writeUInt32LE(header.length, 0)
    header.copy(frame, 4)
    ws.send(frame)
    expect(await code).toBe(1003)
    await stillServing()
  })

  it('WebSocket protocol errors (an unknown opcode, an oversized payload) end that socket, not the server', async () => {
    const unknownOpcode = await openSocket(port, { Authorization: `Bearer ${TOKEN}` })
    const first = closed(unknownOpcode)
    // FIN + reserved opcode 3, masked, empty payload.
    rawSocket(unknownOpcode).write(Buffer.from([0x83, 0x80, 0, 0, 0, 0]))
    await first
    await stillServing()

    const oversized = await openSocket(port, { Authorization: `Bearer ${TOKEN}` })
    const second = closed(oversized)
    // A binary frame announcing 1 GiB, far above the server's limit; the header alone is enough.
    rawSocket(oversized).write(Buffer.from([0x82, 0xff, 0, 0, 0, 0, 0x40, 0, 0, 0, 1, 2, 3, 4]))
    await second
    await stillServing()
  })

  it('caps the uploads one socket may hold open, and releases them when the socket closes', async () => {
    const ws = await openSocket(port, { Authorization: `Bearer ${TOKEN}` })
    const parts = join(home.path, 'uploads', '.parts')
    const refusals: string[] = []
    for (let i = 0; i < 20; i++) {
      const reply = await socketCall(ws, 'uploads/begin', { name: `f${i}.jsonl`, size: 10 })
      if (!reply.ok) refusals.push(reply.error.message)
    }
    expect(refusals.length).toBeGreaterThan(0)
    expect(refusals[0]).toMatch(/Too many uploads in progress/)
    expect(readdirSync(parts).length).toBe(20 - refusals.length)
    const code = closed(ws)
    ws.close()
    await code
    // The release is asynchronous: wait on the folder's state, not on a clock.
    while (readdirSync(parts).length > 0) await new Promise((r) => setTimeout(r, 20))
    await stillServing()
  })
})

/** A backend that answers nothing: these tests are about the server in front of it. */
const idleBackend: ServeOptions['backend'] = {
  call: async () => ({ ok: true, result: null }),
  onEvent: () => () => undefined,
  releaseClient: async () => undefined
}

describe('serve: its own limits', () => {
  it('takes a token of 16 characters or more, and refuses a shorter one (SIEVE_TOKEN: exit 2)', async () => {
    await expect(startServer({ backend: idleBackend, rendererDir: home.path, token: 'x'.repeat(15) })).rejects.toThrow(/at least 16 characters/)
    const running = await startServer({ backend: idleBackend, rendererDir: home.path, token: 'x'.repeat(16) })
    await running.close()
    const cli = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'sieve'), 'serve', '--port', '0'], {
      env: { ...process.env, SIEVE_TOKEN: 'x'.repeat(15), SIEVE_HOME: home.path },
      encoding: 'utf8'
    })
    expect(cli.status).toBe(2)
    expect(cli.stderr).toMatch(/SIEVE_TOKEN must be at least 16 characters/)
  })

  it('a static file that fails while it is read ends that response, not the server', async () => {
    const renderer = join(home.path, 'renderer')
    mkdirSync(renderer)
    writeFileSync(join(renderer, 'index.html'), '<p>still here</p>')
    // A regular file by stat whose first read fails with EIO.
    symlinkSync('/proc/self/mem', join(renderer, 'broken.js'))
    const running = await startServer({ backend: idleBackend, rendererDir: renderer, token: TOKEN })
    try {
      await httpGet(running.port, `/broken.js?token=${TOKEN}`).catch(() => undefined)
      expect((await httpGet(running.port, `/?token=${TOKEN}`)).body).toBe('<p>still here</p>')
    } finally {
      await running.close()
    }
  })

  it('drops a client that stops reading once its unread replies pass the limit, and serves the others', async () => {
    const bigReplies: ServeOptions['backend'] = { ...idleBackend, call: async () => ({ ok: true, result: new Uint8Array(1 << 20) }) }
    const running = await startServer({ backend: bigReplies, rendererDir: home.path, token: TOKEN, maxBufferedBytes: 4 << 20 })
    try {
      const stalled = await openSocket(running.port, { Authorization: `Bearer ${TOKEN}` })
      const code = closed(stalled)
      rawSocket(stalled).pause()
      // Past the 4 MB limit plus what the kernel's socket buffers hold; sent until the server gives up on it.
      for (let i = 0; i < 200 && stalled.readyState === stalled.OPEN; i++) {
        stalled.send(encodeFrame({ id: i, method: 'app/info', params: {} }))
        await new Promise((resolve) => setImmediate(resolve))
      }
      rawSocket(stalled).resume()
      expect(await code).toBe(1006)
      const reader = await openSocket(running.port, { Authorization: `Bearer ${TOKEN}` })
      expect(await socketCall(reader, 'app/info', {})).toMatchObject({ ok: true })
      reader.close()
    } finally {
      await running.close()
    }
  })

  it('answers "busy" to a socket with too many requests unanswered, and takes its requests again once they are', async () => {
    const held: (() => void)[] = []
    const slow: ServeOptions['backend'] = {
      ...idleBackend,
      call: () => new Promise((resolve) => held.push(() => resolve({ ok: true, result: 'done' })))
    }
    const running = await startServer({ backend: slow, rendererDir: home.path, token: TOKEN })
    try {
      const ws = await openSocket(running.port, { Authorization: `Bearer ${TOKEN}` })
      const replies = Array.from({ length: MAX_REQUESTS_IN_FLIGHT + 5 }, () => socketCall(ws, 'app/info', {}))
      const refused = await Promise.all(replies.slice(MAX_REQUESTS_IN_FLIGHT))
      for (const reply of refused)
        expect(reply).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Too many requests in progress/) } })
      expect(held.length).toBe(MAX_REQUESTS_IN_FLIGHT)
      for (const release of held.splice(0)) release()
      expect(await Promise.all(replies.slice(0, MAX_REQUESTS_IN_FLIGHT))).toEqual(Array(MAX_REQUESTS_IN_FLIGHT).fill({ ok: true, result: 'done' }))
      const again = socketCall(ws, 'app/info', {})
      while (held.length === 0) await new Promise((resolve) => setImmediate(resolve))
      held.pop()!()
      expect(await again).toEqual({ ok: true, result: 'done' })
      ws.close()
    } finally {
      await running.close()
    }
  })
})
