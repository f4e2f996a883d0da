import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeCorpus } from '../../engine/job/testing-jobs'
import { until, useTestBackend } from './testing-backend'

/** What the window is told about jobs: paused, cancelled, one run time and throughput, outputs it would replace, forgetting. */
const { scratch, backend, progress, events, call, refused, ended } = useTestBackend('jobs-truth')
let corpus: string

function recipe(name: string, options: { exportPath?: string; dedup?: boolean; project?: boolean } = {}): string {
  return [
    ...(options.project === false ? [] : [`project_name: ${name}`]),
    `dataset_path: ${corpus}`,
    `export_path: ${options.exportPath ?? join(scratch.path, name, 'out.parquet')}`,
    `work_dir: ${join(scratch.path, name, 'work')}`,
    'np: 1',
    'partition_size: 250',
    'process:',
    '  - whitespace_normalization_mapper:',
    ...(options.dedup === false ? [] : ['  - document_deduplicator:'])
  ].join('\n')
}

beforeAll(() => {
  corpus = makeCorpus(join(scratch.path, 'corpus.jsonl'), 2000, 5)
})

describe('what the window is told about a job', () => {
  it('a paused job is listed paused; its time paused with nothing running is left out of its active time and throughput; one run time everywhere', async () => {
    const { workDir } = await call('jobs/start', { yaml: recipe('paused') })
    // Once a partition has finished stage one.
    await until(() => (events.some((e) => e.work_dir === workDir && e.metadata?.stage_done === 1) ? true : undefined))
    await call('jobs/pause', { workDir, paused: true })
    await until(() => (backend().jobs.heldAtPause(workDir) === 1 ? true : undefined))
    const listed = (await call('jobs/list', {})).find((j) => j.workDir === workDir)!
    expect(listed).toMatchObject({ status: 'running', paused: true })
    expect((await call('jobs/details', { workDir })).paused).toBe(true)
    const before = progress.filter((p) => p.work_dir === workDir).at(-1)!
    await new Promise((r) => setTimeout(r, 1500))
    await call('jobs/pause', { workDir, paused: false })
    expect(await ended(workDir)).toBe('completed')

    const mine = progress.filter((p) => p.work_dir === workDir)
    // The pause's 1.5 s stand still on the active clock, not on the wall clock.
    const after = mine.find((p) => p.elapsed_ms >= before.elapsed_ms + 1500)!
    expect(after.active_ms - before.active_ms).toBeLessThan(after.elapsed_ms - before.elapsed_ms - 1000)
    const last = mine.at(-1)!
    expect(last.stage_rows_done).toBe(2 * 2000)
    // While paused in stage one, some partitions had finished it: the progress says how many.
    expect(before.stage).toBe(0)
    expect(before.partitions.finished_stage).toBeGreaterThan(0)
    expect(before.partitions.finished_stage).toBeLessThanOrEqual(8)

    const d = await call('jobs/details', { workDir })
    const metrics = JSON.parse(readFileSync(join(workDir, 'logs', 'performance_metrics.json'), 'utf8')) as Record<string, number>
    // Run time: the list's, the report's and the metrics' are one figure.
    const summary = (await call('jobs/list', {})).find((j) => j.workDir === workDir)!
    expect(summary.runSeconds).toBe(d.wallSeconds)
    expect(d.wallSeconds).toBeCloseTo(metrics.wall_time_s!, 2)
    // Throughput: the 2,000 input rows through the whole (two-stage) chain per active second.
    expect(d.performance!.activeS).toBeLessThan(d.wallSeconds! - 1)
    expect(d.performance!.rowsPerS).toBeCloseTo(2000 / d.performance!.activeS!, 0)
  })

  it('a cancel from the window ends cancelled, with job_cancelled, and resumes to the end', async () => {
    const { workDir } = await call('jobs/start', { yaml: recipe('cancelled') })
    await until(() => (events.some((e) => e.work_dir === workDir && e.event_type === 'partition_complete') ? true : undefined))
    expect(await call('jobs/cancel', { workDir })).toEqual({ cancelled: true })
    expect(await ended(workDir)).toBe('cancelled')
    const mine = events.filter((e) => e.work_dir === workDir)
    expect(mine.some((e) => e.event_type === 'job_failed')).toBe(false)
    expect(mine.filter((e) => e.event_type === 'job_cancelled')).toHaveLength(1)
    expect((await call('jobs/list', {})).find((j) => j.workDir === workDir)!.status).toBe('cancelled')
    expect((await call('jobs/resumePlan', { workDir })).status).toBe('cancelled')
    await call('jobs/resume', { workDir })
    expect(await ended(workDir)).toBe('completed')
  })

  it('an occupied work directory is refused in the window’s words, naming its buttons, not the CLI’s flags', async () => {
    const { workDir } = await call('jobs/start', { yaml: recipe('occupied', { dedup: false }) })
    await ended(workDir)
    const error = await refused('jobs/start', { yaml: recipe('occupied', { dedup: false }) })
    expect(error.message).toMatch(/already holds a job\. Press Open that job, then Resume, to continue it, press Start over/)
    expect(error.message).not.toMatch(/--force|sieve resume/)
    expect(error.details).toMatchObject({ holdsJob: true, workDir })
  })

  it('another job’s output is replaced only when asked (not by Start over), the refusal names the job that wrote it, and that job’s report then says its output changed', async () => {
    const shared = join(scratch.path, 'shared-out.parquet')
    const first = await call('jobs/start', { yaml: recipe('first', { exportPath: shared, dedup: false }) })
    await ended(first.workDir)
    expect((await call('jobs/details', { workDir: first.workDir })).exportCheck).toEqual([
      { path: shared, state: 'same', recordedBytes: statSync(shared).size, bytes: statSync(shared).size, hashed: false }
    ])

    const second = recipe('second', { exportPath: shared })
    const error = await refused('jobs/start', { yaml: second })
    expect(error.message).toMatch(
      /would replace .*shared-out\.parquet, which is not an earlier export of this job\. .*press Replace to overwrite it\.$/
    )
    expect(error.details).toMatchObject({ existing: [shared], writers: [{ path: shared, workDir: first.workDir, name: 'first' }] })
    // Clearing a work directory (Start over) does not imply replacing someone else's file.
    expect((await refused('jobs/start', { yaml: second, force: true })).details).toMatchObject({ existing: [shared] })

    const { workDir } = await call('jobs/start', { yaml: second, replaceOutput: true })
    expect(await ended(workDir)).toBe('completed')
    const [check] = (await call('jobs/details', { workDir: first.workDir })).exportCheck
    expect(check!.path).toBe(shared)
    expect(check!.state).not.toBe('same')
    expect(check!.state === 'changed' || check!.state === 'touched').toBe(true)
  })

  it('an output modified after the job, at the same size, is caught by its sha256 (hashed when small, or when asked)', async () => {
    const { workDir } = await call('jobs/start', { yaml: recipe('edited', { dedup: false }) })
    await ended(workDir)
    const out = join(scratch.path, 'edited', 'out.parquet')
    const bytes = readFileSync(out)
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff
    writeFileSync(out, bytes)
    expect((await call('jobs/details', { workDir })).exportCheck[0]).toMatchObject({ state: 'changed', hashed: true })
    // Set back, and dated before the job ended: size and time agree, so it is not hashed unless asked.
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff
    writeFileSync(out, bytes)
    utimesSync(out, new Date(2000, 0, 1), new Date(2000, 0, 1))
    expect((await call('jobs/details', { workDir })).exportCheck[0]).toMatchObject({ state: 'same', hashed: false })
    expect((await call('jobs/details', { workDir, hashExport: true })).exportCheck[0]).toMatchObject({ state: 'same', hashed: true })
  })

  it('a recipe without project_name names its job after its file; Remove drops a job from the list and leaves its files', async () => {
    const recipePath = join(scratch.path, 'tweets-clean.yaml')
    const { workDir } = await call('jobs/start', { yaml: recipe('named', { project: false, dedup: false }), recipePath })
    await ended(workDir)
    expect((await call('jobs/details', { workDir })).projectName).toBe('tweets-clean')
    expect(await call('jobs/forget', { workDir })).toEqual({ forgotten: true })
    expect((await call('jobs/list', {})).some((j) => j.workDir === workDir)).toBe(false)
    expect(statSync(join(workDir, 'metadata', 'manifest.json')).isFile()).toBe(true)
    expect(statSync(join(scratch.path, 'named', 'out.parquet')).isFile()).toBe(true)
    expect(await call('jobs/forget', { workDir })).toEqual({ forgotten: false })
  })
})
