import { appendFileSync, copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { ApiEvents, EventName, Method, Params } from '../../shared/api'
import { makeCorpus, parquetRows } from '../../engine/job/testing-jobs'
import { createTestBackend, until, useTestBackend } from './testing-backend'

const { scratch, backend, progress, events, call, refused, ended } = useTestBackend('workflow-api')
const revealed: string[] = []

const failure = async <M extends Method>(method: M, params: Params<M>): Promise<string> => (await refused(method, params)).message

function recipe(name: string, corpus: string, extra = ''): string {
  return [
    `project_name: ${name}`,
    `dataset_path: ${corpus}`,
    `export_path: ${join(scratch.path, name, 'out.parquet')}`,
    `work_dir: ${join(scratch.path, name, 'work')}`,
    'np: 1',
    'partition_size: 250',
    extra,
    'process:',
    '  - whitespace_normalization_mapper:',
    '  - text_length_filter:',
    '      min_len: 100',
    '  - document_deduplicator:'
  ].join('\n')
}

let corpus: string

beforeAll(() => {
  corpus = makeCorpus(join(scratch.path, 'corpus.jsonl'), 2000, 11)
})

describe('the API behind the monitor, the report and resume', () => {
  it('details a finished job: partitions with attempts and checkpoints, per-operator totals that add up, performance', async () => {
    const { workDir } = await call('jobs/start', { yaml: recipe('details', corpus, 'preserve_intermediate_data: true') })
    expect(await ended(workDir)).toBe('completed')
    const d = await call('jobs/details', { workDir })
    expect(d.partitionDetails).toHaveLength(8)
    for (const p of d.partitionDetails) {
      expect(p.status).toBe('done')
      // One attempt per stage: the deduplicator cuts the chain in two.
      expect(p.attempts).toBe(2)
      expect(p.result !== undefined && existsSync(p.result.path)).toBe(true)
      expect(p.checkpoints.map((c) => c.opName)).toContain('document_deduplicator')
    }
    expect(d.operations.map((o) => o.name)).toEqual(['whitespace_normalization_mapper', 'text_length_filter', 'document_deduplicator'])
    expect(d.operations[0]!.rowsIn).toBe(2000)
    for (let i = 1; i < d.operations.length; i++) expect(d.operations[i]!.rowsIn).toBe(d.operations[i - 1]!.rowsOut)
    expect(d.operations[2]!.dropped).toBe(d.duplicatesRemoved)
    expect(d.operations[2]!.rowsOut).toBe(d.rowsOut)
    const exported = (await Promise.all(d.exportFiles.map((f) => parquetRows(f.path)))).flat()
    expect(exported).toHaveLength(d.rowsOut)
    expect(d.bytesPlanned).toBe(readFileSync(corpus).byteLength)
    expect(d.wallSeconds).toBeGreaterThan(0)
    expect(d.performance?.peakRssMb).toBeGreaterThan(0)
    expect(d.recipeYaml).toContain('text_length_filter')

    const last = progress.filter((p) => p.work_dir === workDir).at(-1)!
    expect(last.bytes_done).toBe(last.bytes_total)
    expect(last.bytes_total).toBe(d.bytesPlanned)
    expect(last.paused).toBe(false)
    // Each partition's first stage ends with an event that says so, for the monitor's "waiting" state.
    const stageEnds = events.filter((e) => e.work_dir === workDir && e.metadata?.stage_done === 1)
    expect(stageEnds.map((e) => e.partition_id).sort((a, b) => a! - b!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(stageEnds.every((e) => e.event_type === 'checkpoint_save' && e.metadata?.stages === 2)).toBe(true)
    // The throughput chart of a job not watched live, rebuilt from those events: a step per partition and stage, ending at all rows twice.
    const history = d.stageRowsOverTime
    expect(history[0]).toEqual({ elapsedMs: 0, rowsDone: 0 })
    for (let i = 1; i < history.length; i++) {
      expect(history[i]!.elapsedMs).toBeGreaterThanOrEqual(history[i - 1]!.elapsedMs)
      expect(history[i]!.rowsDone).toBeGreaterThanOrEqual(history[i - 1]!.rowsDone)
    }
    expect(new Set(history.map((h) => h.rowsDone)).size).toBe(1 + 2 * 8)
    expect(history.at(-1)!.rowsDone).toBe(2 * 2000)
    expect(history.at(-1)!.elapsedMs).toBeLessThanOrEqual(d.wallSeconds! * 1000 + 1000)

    // The same work directory again: refused while it holds a job, cleared and run with force.
    expect(await failure('jobs/start', { yaml: recipe('details', corpus, 'preserve_intermediate_data: true') })).toMatch(/already holds a job/)
    await call('jobs/start', { yaml: recipe('details', corpus, 'preserve_intermediate_data: true'), force: true })
    expect(await ended(workDir)).toBe('completed')
    await until(() => (backend().jobs.isRunning(workDir) ? undefined : true))
  })

  it('a start the moment a job ends, while its workers still close, waits for them and says the directory holds a job', async () => {
    const yaml = recipe('closing', corpus)
    const { workDir } = await call('jobs/start', { yaml })
    const again = new Promise<string>((resolveAgain) => {
      const unsubscribe = backend().onEvent(<E extends EventName>(event: E, payload: ApiEvents[E]) => {
        const e = payload as ApiEvents['job/event']
        if (event !== 'job/event' || e.work_dir !== workDir || e.event_type !== 'job_complete') return
        unsubscribe()
        expect(backend().jobs.isRunning(workDir)).toBe(true)
        resolveAgain(failure('jobs/start', { yaml }))
      })
    })
    expect(await again).toMatch(/already holds a job/)
    expect(backend().jobs.isRunning(workDir)).toBe(false)
  })

  it('pages through the event log by byte offset: the newest by default, then onwards from a cursor, never a half-written line', async () => {
    const workDir = join(scratch.path, 'details', 'work')
    const all = await call('jobs/events', { workDir, after: 0, limit: 10_000 })
    expect(all.events[0]!.event_type).toBe('job_start')
    expect(all.events.at(-1)!.event_type).toBe('job_complete')
    const log = join(workDir, 'logs', 'processing_events.jsonl')
    expect(all.next).toBe(readFileSync(log).byteLength)
    const newest = await call('jobs/events', { workDir, limit: 3 })
    expect(newest.events).toEqual(all.events.slice(-3))
    expect(newest.next).toBe(all.next)
    const first = await call('jobs/events', { workDir, after: 0, limit: 2 })
    expect(first.events).toEqual(all.events.slice(0, 2))
    const second = await call('jobs/events', { workDir, after: first.next, limit: 2 })
    expect(second.events).toEqual(all.events.slice(2, 4))
    // A line still being written waits; once complete it is read from the same cursor.
    appendFileSync(log, '{"event_type":"job_restart","timestamp":1,')
    expect(await call('jobs/events', { workDir, after: all.next })).toEqual({ events: [], next: all.next })
    appendFileSync(log, '"level":"INFO","message":"again"}\n')
    expect((await call('jobs/events', { workDir, after: all.next })).events.map((e) => e.message)).toEqual(['again'])
    // A cursor past the end (the log rotated) starts the file again.
    expect((await call('jobs/events', { workDir, after: 10 ** 12, limit: 1 })).events).toEqual(all.events.slice(0, 1))
    expect((await call('jobs/events', { workDir: join(scratch.path, 'nowhere') })).events).toEqual([])
  })

  it('says what resume would do: all verified; a damaged result to redo; a changed input named, then started fresh', async () => {
    const workDir = join(scratch.path, 'details', 'work')
    const clean = await call('jobs/resumePlan', { workDir })
    expect(clean).toMatchObject({ partitions: 8, verified: 8, toRedo: 0, toRetry: 0, exportComplete: true, changes: [] })

    const d = await call('jobs/details', { workDir })
    const damaged = d.partitionDetails[3]!.result!.path
    const bytes = readFileSync(damaged)
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff
    writeFileSync(damaged, bytes)
    const plan = await call('jobs/resumePlan', { workDir })
    // The job kept its checkpoints (preserve_intermediate_data): the redo starts from one.
    expect(plan).toMatchObject({ verified: 7, toRedo: 1, fromCheckpoint: 1, changes: [] })
    // Resumed, its speed counts only what this run did: one partition, not the seven found done.
    const before = progress.length
    await call('jobs/resume', { workDir })
    const resumed = await until(() => progress.slice(before).find((p) => p.work_dir === workDir && p.status === 'completed'))
    expect(resumed.bytes_done).toBe(resumed.bytes_total)
    expect((resumed.bytes_per_s * resumed.elapsed_ms) / 1000).toBeLessThan(resumed.bytes_total / 4)
    await until(() => (backend().jobs.isRunning(workDir) ? undefined : true))
    // So does its history: the redone partition restarts from its keys checkpoint, so this run did its second stage only.
    const resumedHistory = (await call('jobs/details', { workDir })).stageRowsOverTime
    expect(resumedHistory[0]).toEqual({ elapsedMs: 0, rowsDone: 0 })
    expect(resumedHistory.at(-1)!.rowsDone).toBe(d.partitionDetails[3]!.rowsIn)

    // A job on a copy of the corpus, whose input then changes.
    const copy = join(scratch.path, 'copy.jsonl')
    copyFileSync(corpus, copy)
    const started = await call('jobs/start', { yaml: recipe('changed', copy) })
    expect(await ended(started.workDir)).toBe('completed')
    writeFileSync(copy, readFileSync(copy, 'utf8').split('\n').slice(0, 1000).join('\n') + '\n')
    const changed = await call('jobs/resumePlan', { workDir: started.workDir })
    expect(changed.changes.join(' ')).toMatch(/copy\.jsonl changed size/)
    expect(await failure('jobs/resume', { workDir: started.workDir })).toMatch(/changed size/)
    await call('jobs/restart', { workDir: started.workDir })
    expect(await ended(started.workDir)).toBe('completed')
    const fresh = await call('jobs/details', { workDir: started.workDir })
    expect(fresh.rowsPlanned).toBe(1000)
    expect((await call('jobs/resumePlan', { workDir: started.workDir })).changes).toEqual([])
  })

  it('pauses a running job between partitions and continues it to the end', async () => {
    const { workDir } = await call('jobs/start', { yaml: recipe('paused', corpus, 'checkpoint:\n  strategy: disabled') })
    expect(await call('jobs/pause', { workDir, paused: true })).toEqual({ paused: true })
    // Partitions already running finish their stage; then the one worker (np: 1) waits at the pause gate, so nothing new starts.
    await until(() => (backend().jobs.heldAtPause(workDir) === 1 ? true : undefined))
    const held = await call('jobs/details', { workDir })
    expect(held.status).toBe('running')
    expect(held.partitions.filter((p) => p.status === 'running')).toEqual([])
    expect(held.partitions.filter((p) => p.status === 'done').length).toBeLessThan(8)
    expect(await call('jobs/pause', { workDir, paused: false })).toEqual({ paused: false })
    expect(await ended(workDir)).toBe('completed')
    await until(() => (backend().jobs.isRunning(workDir) ? undefined : true))
    expect(await failure('jobs/pause', { workDir, paused: true })).toMatch(/is not running/)
  })

  it('saves a recipe atomically as .yaml only, and reads it back', async () => {
    const path = join(scratch.path, 'recipes', 'mine.yaml')
    const yaml = recipe('saved', corpus)
    expect(await call('recipes/save', { path, yaml })).toEqual({ path, baseDir: dirname(path) })
    expect(await call('recipes/read', { path })).toEqual({ yaml, baseDir: dirname(path) })
    expect(await failure('recipes/save', { path: join(scratch.path, 'corpus.jsonl'), yaml })).toMatch(/\.yaml/)
    expect(readFileSync(corpus, 'utf8').startsWith('{')).toBe(true)
    // Opening something that is not a recipe says so, and reads nothing whole.
    expect(await failure('recipes/read', { path: corpus })).toMatch(/corpus\.jsonl is not a recipe: a recipe is a \.yaml file/)
    const huge = join(scratch.path, 'recipes', 'huge.yaml')
    writeFileSync(huge, Buffer.alloc(2 << 20, 0x20))
    expect(await failure('recipes/read', { path: huge })).toMatch(/huge\.yaml is 2\.0 MB, too large for a recipe/)
    const latin1 = join(scratch.path, 'recipes', 'latin1.yaml')
    writeFileSync(latin1, Buffer.from('project_name: caf\xe9\n', 'latin1'))
    expect(await failure('recipes/read', { path: latin1 })).toMatch(/latin1\.yaml is not UTF-8 text/)
  })

  it('reveals a file where there is a file manager, and says which folder holds it where there is none', async () => {
    const file = join(scratch.path, 'corpus.jsonl')
    expect(await call('app/reveal', { path: file })).toEqual({ revealed: false, folder: scratch.path })
    const desktop = createTestBackend(join(scratch.path, 'data2'), { reveal: (path) => revealed.push(path) })
    const reply = await desktop.call('app/reveal', { path: file }, 'ipc')
    expect(reply).toEqual({ ok: true, result: { revealed: true, folder: scratch.path } })
    expect(revealed).toEqual([file])
    await desktop.close()
  })
})

describe('operator declarations for the builder', () => {
  it('lists each filter with the parameters its histogram thresholds drag', async () => {
    const { ops } = await call('ops/list', {})
    const length = ops.find((o) => o.name === 'text_length_filter')!
    expect(length.thresholds).toEqual({ min: 'min_len', max: 'max_len' })
    expect(events.length).toBeGreaterThan(0)
  })
})
