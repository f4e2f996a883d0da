import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tableFromIPC } from 'apache-arrow'
import type WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InspectResult } from '../../shared/dataset'
import type { Reply } from '../../shared/errors'
import { decodeFrame } from '../../shared/wire'
import { httpGet, openSocket, socketCall } from './testing-serve'
import { GSM8K, REPO_ROOT, scratchDir } from '../../engine/testing'

const TOKEN = 'test-token-0123456789abcdef'
const home = scratchDir('serve')
let server: ChildProcess
let port = 0

beforeAll(async () => {
  server = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'sieve'), 'serve', '--port', '0'], {
    env: { ...process.env, SIEVE_TOKEN: TOKEN, SIEVE_HOME: home.path },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const url = await new Promise<string>((resolve, reject) => {
    let out = ''
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /serving on (http:\/\/\S+)/.exec(out)
      if (m) resolve(m[1]!)
    })
    server.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)))
  })
  const parsed = new URL(url)
  port = Number(parsed.port)
  expect(parsed.hostname).toBe('127.0.0.1')
  expect(parsed.searchParams.get('token')).toBe(TOKEN)
})

afterAll(async () => {
  const exited = new Promise((resolve) => server.once('exit', resolve))
  server.kill('SIGTERM')
  await exited
  home.remove()
})

const get = (path: string, headers: Record<string, string> = {}): ReturnType<typeof httpGet> => httpGet(port, path, headers)
const connect = (headers: Record<string, string>, path = '/api'): Promise<WebSocket> => openSocket(port, headers, path)

const call = (ws: WebSocket, method: string, params: unknown): Promise<Reply<unknown>> => socketCall(ws, method, params)

describe('sieve serve', () => {
  it('refuses HTTP requests without the right token', async () => {
    expect((await get('/')).status).toBe(401)
    expect((await get('/?token=wrong-token-0123456789abc')).status).toBe(401)
    expect((await get('/', { Cookie: `sieve_token_${port}=nope` })).status).toBe(401)
    expect((await get('/', { Authorization: 'Bearer nope' })).status).toBe(401)
    expect((await get('/assets/anything.js')).status).toBe(401)
  })

  it('refuses a right token sent to another Host name (DNS rebinding)', async () => {
    expect((await get(`/?token=${TOKEN}`, { Host: `evil.example:${port}` })).status).toBe(401)
  })

  it('serves the renderer with the token, sets the cookie, and sends the CSP', async () => {
    const page = await get(`/?token=${TOKEN}`)
    expect(page.status).toBe(200)
    expect(page.body).toContain('<div id="root">')
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(String(page.headers['set-cookie'])).toMatch(new RegExp(`sieve_token_${port}=.*HttpOnly; SameSite=Strict`))
    const script = /src="\.?(\/assets\/[^"]+\.js)"/.exec(page.body)![1]!
    const asset = await get(script, { Cookie: `sieve_token_${port}=${TOKEN}` })
    expect(asset.status).toBe(200)
    expect(asset.headers['content-type']).toMatch(/javascript/)
    expect((await get('/../../package.json', { Cookie: `sieve_token_${port}=${TOKEN}` })).status).toBe(404)
  })

  it('refuses a socket without the token, or from another origin', async () => {
    await expect(connect({})).rejects.toThrow('HTTP 401')
    await expect(connect({ Cookie: `sieve_token_${port}=wrong` })).rejects.toThrow('HTTP 401')
    await expect(connect({ Cookie: `sieve_token_${port}=${TOKEN}`, Origin: 'http://evil.example' })).rejects.toThrow('HTTP 401')
  })

  it('answers the API over the socket: inspect returns Arrow bytes', async () => {
    const ws = await connect({ Cookie: `sieve_token_${port}=${TOKEN}`, Origin: `http://127.0.0.1:${port}` })
    try {
      const reply = (await call(ws, 'datasets/inspect', { path: GSM8K, rows: 3 })) as Reply<InspectResult>
      expect(reply.ok).toBe(true)
      if (!reply.ok) return
      expect(reply.result.rowCount).toEqual({ value: 7473, exact: true })
      expect(tableFromIPC(reply.result.head).get(0)?.toJSON()).toMatchObject({ question: expect.stringMatching(/^Natalia/) })
      const info = await call(ws, 'app/info', {})
      expect(info).toMatchObject({ ok: true, result: { transport: 'websocket' } })
    } finally {
      ws.close()
    }
  })

  it('answers errors as {code, message, details}', async () => {
    const ws = await connect({ Authorization: `Bearer ${TOKEN}` })
    try {
      expect(await call(ws, 'nope/never', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
      expect(await call(ws, 'datasets/inspect', { path: 7 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } })
      expect(await call(ws, 'datasets/inspect', { path: '/no/such/file.jsonl' })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', message: expect.stringContaining('/no/such/file.jsonl'), details: { path: '/no/such/file.jsonl' } }
      })
    } finally {
      ws.close()
    }
  })

  it('takes an upload in chunks into its uploads folder', async () => {
    const ws = await connect({ Cookie: `sieve_token_${port}=${TOKEN}` })
    try {
      const bytes = readFileSync(GSM8K)
      const begun = (await call(ws, 'uploads/begin', { name: 'gsm8k.jsonl', size: bytes.length })) as Reply<{ uploadId: string }>
      if (!begun.ok) throw new Error(begun.error.message)
      const chunk = 1 << 20
      for (let offset = 0; offset < bytes.length; offset += chunk) {
        const r = await call(ws, 'uploads/chunk', { uploadId: begun.result.uploadId, offset, bytes: bytes.subarray(offset, offset + chunk) })
        expect(r.ok).toBe(true)
      }
      const done = (await call(ws, 'uploads/finish', { uploadId: begun.result.uploadId })) as Reply<{ path: string }>
      if (!done.ok) throw new Error(done.error.message)
      expect(done.result.path).toContain(join(home.path, 'uploads'))
      expect(existsSync(done.result.path)).toBe(true)
      expect(readFileSync(done.result.path).equals(bytes)).toBe(true)
    } finally {
      ws.close()
    }
  })
})

describe('the API for the recipe builder', () => {
  it('lists operators and validates recipes with line numbers', async () => {
    const ws = await connect({ Cookie: `sieve_token_${port}=${TOKEN}` })
    try {
      const ops = (await call(ws, 'ops/list', {})) as Reply<{ ops: { name: string }[] }>
      expect(ops.ok && ops.result.ops.map((o) => o.name)).toContain('text_length_filter')
      const good = await call(ws, 'recipes/validate', {
        yaml: 'dataset_path: a.jsonl\nexport_path: b.parquet\nprocess:\n  - text_length_filter: {min_len: 5}\n',
        baseDir: '/data'
      })
      expect(good).toMatchObject({ ok: true, result: { recipe: { dataset_path: ['/data/a.jsonl'] } } })
      const bad = await call(ws, 'recipes/validate', {
        yaml: 'dataset_path: a.jsonl\nexport_path: b.parquet\nprocess:\n  - text_length_filter: {min_len: -5}\n'
      })
      expect(bad).toMatchObject({
        ok: false,
        error: { code: 'BAD_REQUEST', details: { line: 4 }, message: expect.stringMatching(/min_len' must be at least 0/) }
      })
    } finally {
      ws.close()
    }
  })
})

describe('jobs over the API', () => {
  it('starts a job, pushes its progress and events, and lists it completed', async () => {
    const ws = await connect({ Cookie: `sieve_token_${port}=${TOKEN}` })
    try {
      const events: { event: string; payload: { event_type?: string; work_dir?: string } }[] = []
      ws.on('message', (data: Buffer) => {
        const frame = decodeFrame(new Uint8Array(data)) as { event?: string; payload?: { event_type?: string; work_dir?: string } }
        if (frame.event !== undefined) events.push({ event: frame.event, payload: frame.payload ?? {} })
      })
      const yaml = `dataset_path: ${GSM8K}\nexport_path: ${join(home.path, 'job', 'out.parquet')}\ntext_keys: question\npartition_size: 2000\nprocess:\n  - text_length_filter: {min_len: 100}\n`
      const started = (await call(ws, 'jobs/start', { yaml, baseDir: home.path })) as Reply<{ workDir: string; jobId: string }>
      expect(started.ok).toBe(true)
      if (!started.ok) return
      const deadline = Date.now() + 60_000
      while (!events.some((e) => e.payload.event_type === 'job_complete') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      expect(events.some((e) => e.event === 'job/progress' && e.payload.work_dir === started.result.workDir)).toBe(true)
      expect(events.filter((e) => e.event === 'job/event').map((e) => e.payload.event_type)).toEqual(
        expect.arrayContaining(['job_start', 'partition_complete', 'export_complete', 'job_complete'])
      )
      const list = (await call(ws, 'jobs/list', {})) as Reply<{ workDir: string; status: string; rowsOut: number }[]>
      expect(list.ok && list.result.find((j) => j.workDir === started.result.workDir)).toMatchObject({ status: 'completed' })
      const again = await call(ws, 'jobs/start', { yaml, baseDir: home.path })
      expect(again).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: expect.stringMatching(/already holds a job/) } })
    } finally {
      ws.close()
    }
  })
})
