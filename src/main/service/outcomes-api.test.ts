import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { NumericStatSummary } from '../../shared/analysis'
import { makeCorpus } from '../../engine/job/testing-jobs'
import { readJobOutcomes } from '../../engine/analysis/outcomes'
import { useTestBackend } from './testing-backend'

const t = useTestBackend('outcomes-api')

const yaml = (corpus: string, name: string): string =>
  [
    `project_name: ${name}`,
    `dataset_path: ${corpus}`,
    `export_path: ${join(t.scratch.path, name, 'out.parquet')}`,
    `work_dir: ${join(t.scratch.path, name, 'work')}`,
    'np: 2',
    'partition_size: 400',
    'process:',
    '  - text_length_filter: {min_len: 300}',
    '  - document_deduplicator:',
    '  - alphanumeric_filter: {min_ratio: 0.78}'
  ].join('\n')

describe('jobs/outcomes', () => {
  it("gives a finished run's filter outcomes, as the engine merges them, and keeps them in the work directory", async () => {
    const corpus = makeCorpus(join(t.scratch.path, 'corpus.jsonl'), 2000, 5)
    const { workDir } = await t.call('jobs/start', { yaml: yaml(corpus, 'run') })
    expect(await t.ended(workDir)).toBe('completed')
    const outcomes = await t.call('jobs/outcomes', { workDir })
    expect(outcomes).toMatchObject({ workDir, complete: true, partitionsDone: 5, partitions: 5 })
    const details = await t.call('jobs/details', { workDir })
    expect(outcomes.outcomes.map((o) => [o.index, o.name, o.rowsKept, o.rowsDropped])).toEqual(
      details.operations.filter((s) => s.name.endsWith('_filter')).map((s) => [s.index, s.name, s.rowsOut, s.rowsIn - s.rowsOut])
    )
    const length = outcomes.outcomes[0]!
    expect((length.kept as NumericStatSummary).min).toBeGreaterThanOrEqual(300)
    expect((length.dropped as NumericStatSummary).max).toBeLessThan(300)
    expect(length.examples.length).toBe(10)
    // The wire carries every value as it is: what the window gets is what the engine merged.
    expect(outcomes).toEqual(await readJobOutcomes(workDir))
    expect(existsSync(join(workDir, 'outcomes.html'))).toBe(true)
  })

  it('refuses an analysis and a folder that holds no job, saying what to do', async () => {
    expect(await t.refused('jobs/outcomes', { workDir: t.scratch.path })).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining("Start a job with 'sieve run RECIPE'") as unknown
    })
    const corpus = makeCorpus(join(t.scratch.path, 'corpus.jsonl'), 2000, 5)
    const { workDir } = await t.call('analysis/start', { yaml: yaml(corpus, 'analysis') })
    expect(await t.ended(workDir)).toBe('completed')
    expect(await t.refused('jobs/outcomes', { workDir })).toMatchObject({
      code: 'BAD_REQUEST',
      message: `${workDir} is an analysis, not a run: what it found is in analysis.json ('sieve analyze').`
    })
  })
})
