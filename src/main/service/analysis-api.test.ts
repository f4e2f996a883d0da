import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { makeCorpus } from '../../engine/job/testing-jobs'
import { until, useTestBackend } from './testing-backend'

const { scratch, progress, call, refused, ended } = useTestBackend('analysis-api')

let corpus: string
const yaml = (name: string, minLen: number): string =>
  [
    `project_name: ${name}`,
    `dataset_path: ${corpus}`,
    `export_path: ${join(scratch.path, name, 'out.parquet')}`,
    `work_dir: ${join(scratch.path, name, 'work')}`,
    'np: 1',
    'partition_size: 200',
    'process:',
    `  - text_length_filter: {min_len: ${minLen}}`,
    '  - document_deduplicator:'
  ].join('\n')

beforeAll(() => {
  corpus = makeCorpus(join(scratch.path, 'corpus.jsonl'), 2000, 5)
})

describe('the analysis API', () => {
  it('finds nothing before an analysis, then starts one that reports progress and is listed as an analysis', async () => {
    expect(await call('analysis/find', { yaml: yaml('a', 100) })).toBeNull()
    const { workDir } = await call('analysis/start', { yaml: yaml('a', 100) })
    expect(workDir).toBe(join(scratch.path, 'a', 'work', 'analysis'))
    expect(await ended(workDir)).toBe('completed')
    expect(progress.some((p) => p.work_dir === workDir)).toBe(true)
    const listed = (await call('jobs/list', {})).find((j) => j.workDir === workDir)
    expect(listed?.kind).toBe('analysis')
    const analysis = await call('analysis/get', { workDir })
    expect(analysis.rows).toBe(2000)
    expect(analysis.ops).toEqual([{ index: 0, name: 'text_length_filter', statsKey: 'text_len' }])
    // The recipe's own work directory leads to the same analysis.
    expect(await call('analysis/get', { workDir: join(scratch.path, 'a', 'work') })).toEqual(analysis)
  })

  it('finds the finished analysis for another recipe over the same input with the same filters, whatever its thresholds and work directory', async () => {
    const found = await call('analysis/find', { yaml: yaml('b', 900) })
    expect(found?.workDir).toBe(join(scratch.path, 'a', 'work', 'analysis'))
    expect(found?.analysis.rows).toBe(2000)
  })

  it('is cancelled through jobs/cancel, and the next start continues it', async () => {
    const { workDir } = await call('analysis/start', { yaml: yaml('c', 100).replace('partition_size: 200', 'partition_size: 20') })
    await until(async () => (progress.some((p) => p.work_dir === workDir && p.partitions.done >= 2) ? true : undefined))
    expect(await call('jobs/cancel', { workDir })).toEqual({ cancelled: true })
    expect(await ended(workDir)).toBe('cancelled')
    const again = await call('analysis/start', { yaml: yaml('c', 100).replace('partition_size: 200', 'partition_size: 20') })
    expect(again.workDir).toBe(workDir)
    // Until the continued job saves its manifest, the work directory still reads as cancelled.
    await until(async () => ((await call('jobs/details', { workDir })).status === 'completed' ? true : undefined))
    const events = await call('jobs/events', { workDir })
    expect(events.events.some((e) => e.event_type === 'job_restart')).toBe(true)
    const first = await call('analysis/get', { workDir: join(scratch.path, 'a', 'work') })
    expect((await call('analysis/get', { workDir })).stats).toEqual(first.stats)
  })

  it('says what to do when there is no analysis', async () => {
    expect((await refused('analysis/get', { workDir: scratch.path })).message).toMatch(/holds no finished analysis.*sieve analyze RECIPE/)
  })
})
