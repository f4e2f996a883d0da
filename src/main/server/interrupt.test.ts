import { join } from 'node:path'
import type WebSocket from 'ws'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../../engine/testing'
import { openSocket, socketCall, spawnServe } from './testing-serve'
import { makeCorpus, parquetRows } from '../../engine/job/testing-jobs'

const TOKEN = 'interrupt-token-0123456789'
const home = scratchDir('interrupt')
afterAll(() => home.remove())

const startServer = (): ReturnType<typeof spawnServe> => spawnServe(home.path, TOKEN)
const connect = (port: number): Promise<WebSocket> => openSocket(port, { Cookie: `sieve_token_${port}=${TOKEN}` })

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
    const reference = await socketCall<{ workDir: string }>(ws, 'jobs/start', { yaml: recipe('reference'), baseDir: home.path })
    expect(reference.ok).toBe(true)
    await waitFor(async () => {
      const list = await socketCall<{ workDir: string; status: string }[]>(ws, 'jobs/list', {})
      return list.ok && list.result.some((j) => j.workDir.endsWith('reference/work') && j.status === 'completed') ? true : undefined
    })

    const started = await socketCall<{ workDir: string }>(ws, 'jobs/start', { yaml: recipe('killed'), baseDir: home.path })
    expect(started.ok).toBe(true)
    // Kill the backend once a partition has its result.
    await waitFor(async () => {
      const list = await socketCall<{ workDir: string; partitions: { status: string }[] }[]>(ws, 'jobs/list', {})
      const job = list.ok ? list.result.find((j) => j.workDir.endsWith('killed/work')) : undefined
      return job !== undefined && job.partitions.some((p) => p.status === 'done') ? true : undefined
    })
    server.child.kill('SIGKILL')
    await new Promise((r) => server.child.once('exit', r))

    server = await startServer()
    ws = await connect(server.port)
    const listed = await socketCall<{ workDir: string; status: string }[]>(ws, 'jobs/list', {})
    expect(listed.ok && listed.result.find((j) => j.workDir.endsWith('killed/work'))?.status).toBe('interrupted')
    const resumed = await socketCall<{ workDir: string }>(ws, 'jobs/resume', { workDir: join(home.path, 'killed', 'work') })
    expect(resumed.ok).toBe(true)
    await waitFor(async () => {
      const list = await socketCall<{ workDir: string; status: string }[]>(ws, 'jobs/list', {})
      return list.ok && list.result.some((j) => j.workDir.endsWith('killed/work') && j.status === 'completed') ? true : undefined
    })
    ws.close()
    server.child.kill('SIGTERM')
    expect(await parquetRows(join(home.path, 'killed', 'out.parquet'))).toEqual(await parquetRows(join(home.path, 'reference', 'out.parquet')))
  }, 240_000)
})
