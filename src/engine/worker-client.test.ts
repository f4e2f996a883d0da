import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { tableFromIPC } from 'apache-arrow'
import { afterAll, describe, expect, it } from 'vitest'
import { SieveError } from '../shared/errors'
import { EngineWorker } from './worker-client'
import { COSQA, GSM8K, PARQUET_BAD } from './testing'

// The real worker thread, running the TypeScript entry through tsx.
const workerPath = join(__dirname, 'testing-worker.cjs')
const engine = new EngineWorker({ workerPath, timeoutMs: 60_000 })
afterAll(() => engine.close())

describe('EngineWorker', () => {
  it('inspects in a worker thread and moves the Arrow bytes back', async () => {
    const result = await engine.run('inspect', { path: GSM8K, rows: 4 }, 'Inspecting GSM8K')
    expect(result.rowCount.value).toBe(7473)
    expect(result.head).toBeInstanceOf(Uint8Array)
    expect(tableFromIPC(result.head).numRows).toBe(4)
  })

  it('turns each malformed Parquet file into an error, and keeps working afterwards', async () => {
    const bad = readdirSync(PARQUET_BAD).filter((f) => f.endsWith('.parquet'))
    expect(bad.length).toBeGreaterThanOrEqual(4)
    for (const file of bad) {
      const err = await engine.run('inspect', { path: join(PARQUET_BAD, file), rows: 100 }, `Inspecting ${file}`).catch((e: unknown) => e)
      expect(err, file).toBeInstanceOf(SieveError)
      expect((err as SieveError).code, file).toBe('UNREADABLE')
      expect((err as SieveError).message, file).toContain(file)
      const after = await engine.run('inspect', { path: COSQA, rows: 2 }, 'Inspecting cosqa')
      expect(after.rowCount.value, `after ${file}`).toBe(20604)
    }
  })

  it('tells a worker that ran out of memory apart from corrupt data, and a bug from both', async () => {
    const crashing = new EngineWorker({ workerPath: join(__dirname, 'testing-crash-worker.cjs'), timeoutMs: 60_000, maxOldGenerationSizeMb: 16 })
    try {
      const oom = await crashing.run('inspect', { path: 'allocate', rows: 1 }, 'Inspecting a big file').catch((e: unknown) => e)
      expect(oom).toMatchObject({
        code: 'OUT_OF_MEMORY',
        message: expect.stringMatching(/Inspecting a big file failed: .*ran out of memory \(its limit is 16 MB\)/)
      })
      const bug = await crashing.run('inspect', { path: 'bug', rows: 1 }, 'Inspecting a file').catch((e: unknown) => e)
      expect(bug).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/Inspecting a file failed: the engine worker crashed \(.*null/) })
    } finally {
      await crashing.close()
    }
  })

  it('stops a task past its time limit with TIMEOUT, and the next task gets a fresh thread', async () => {
    const impatient = new EngineWorker({ workerPath, timeoutMs: 1 })
    try {
      const err = await impatient.run('inspect', { path: COSQA, rows: 10 }, 'Inspecting cosqa').catch((e: unknown) => e)
      expect(err).toMatchObject({ code: 'TIMEOUT', message: expect.stringMatching(/Inspecting cosqa took longer than/) })
    } finally {
      await impatient.close()
    }
  })
})
