import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterAll, describe, expect, it } from 'vitest'
import type { Reply } from '../shared/errors'
import { decodeFrame, encodeFrame } from '../shared/wire'
import { REPO_ROOT, scratchDir } from '../engine/testing'
import { makeCorpus, parquetRows } from '../engine/job/testing-jobs'

const TOKEN = 'interrupt-token-0123456789'
const home = scratchDir('interrupt')
afterAll(() => home.remove())

async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'sieve'), 'serve', '--port', '0'], {
    env: { ...process.env, SIEVE_TOKEN: TOKEN, SIEVE_HOME: home.path },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /serving on http:\/\/127\.0\.0\.1:(\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)))
  })
  return { child, port }
}

function connect(port: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api`, { headers: { Cookie: `sieve_token_${port}=${TOKEN}` } })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

let nextId = 1
function call<T>(ws: WebSocket, method: string, params: unknown): Promise<Reply<T>> {
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

async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('a backend killed mid-job', () => {
  it('lists the job as interrupted after a restart, resumes it, and the export equals an uninterrupted run', async () => {
    const corpus = makeCorpus(join(home.path, 'corpus.jsonl'), 12000, 4)
    const recipe = (name: string): string =>
      `dataset_path: ${corpus}\nexport_path: ${join(home.path, name, 'out.parquet')}\nwork_dir: ${join(home.path, name, 'work')}\nnp: 2\npartition_size: 1000\nprocess:\n  - whitespace_normalization_mapper:\n  - text_length_filter: {min_len: 40}\n  - document_deduplicator:\n`
    let server = await startServer()
    let ws = await connect(server.port)
    const reference = await call<{ workDir: string }>(ws, 'jobs/start', { yaml: recipe('reference'), baseDir: home.path })
    expect(reference.ok).toBe(true)
    await waitFor(async () => {
      const list = await call<{ workDir: string; status: string }[]>(ws, 'jobs/list', {})
      return list.ok && list.result.some((j) => j.workDir.endsWith('reference/work') && j.status === 'completed') ? true : undefined
    })

    const started = await call<{ workDir: string }>(ws, 'jobs/start', { yaml: recipe('killed'), baseDir: home.path })
    expect(started.ok).toBe(true)
    // Kill the backend once a partition has its result.
    await waitFor(async () => {
      const list = await call<{ workDir: string; partitions: { status: string }[] }[]>(ws, 'jobs/list', {})
      const job = list.ok ? list.result.find((j) => j.workDir.endsWith('killed/work')) : undefined
      return job !== undefined && job.partitions.some((p) => p.status === 'done') ? true : undefined
    })
    server.child.kill('SIGKILL')
    await new Promise((r) => server.child.once('exit', r))

    server = await startServer()
    ws = await connect(server.port)
    const listed = await call<{ workDir: string; status: string }[]>(ws, 'jobs/list', {})
    expect(listed.ok && listed.result.find((j) => j.workDir.endsWith('killed/work'))?.status).toBe('interrupted')
    const resumed = await call<{ workDir: string }>(ws, 'jobs/resume', { workDir: join(home.path, 'killed', 'work') })
    expect(resumed.ok).toBe(true)
    await waitFor(async () => {
      const list = await call<{ workDir: string; status: string }[]>(ws, 'jobs/list', {})
      return list.ok && list.result.some((j) => j.workDir.endsWith('killed/work') && j.status === 'completed') ? true : undefined
    })
    ws.close()
    server.child.kill('SIGTERM')
    expect(await parquetRows(join(home.path, 'killed', 'out.parquet'))).toEqual(await parquetRows(join(home.path, 'reference', 'out.parquet')))
  }, 240_000)
})
