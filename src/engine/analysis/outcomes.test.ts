import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, describe, expect, it } from 'vitest'
import type { Recipe } from '../../shared/recipe'
import { TEXT_EXAMPLE_CHARS, type FilterOutcome, type JobOutcomes, type NumericStatSummary } from '../../shared/analysis'
import { scratchDir } from '../testing'
import { makeCorpus, recipeFrom, runToEnd } from '../job/testing-jobs'
import { readJobDetails } from '../job/status'
import { WorkDir } from '../job/layout'
import { readManifest } from '../job/manifest'
import { readJobOutcomes } from './outcomes'

const scratch = scratchDir('outcomes')
const root = scratch.path
afterAll(() => scratch.remove())
const corpus = makeCorpus(join(root, 'corpus.jsonl'), 3000)

/** Three filters, no deduplicator: every row a filter kept is in the output or in a later filter's rejected/. */
const FILTERS = `  - whitespace_normalization_mapper:
  - text_length_filter: {min_len: 200, max_len: 6000}
  - alphanumeric_filter: {min_ratio: 0.78}
  - words_num_filter: {min_num: 60}
`

function recipeOf(name: string, process: string, { np = 2, extra = '' } = {}): Recipe {
  return recipeFrom(
    `project_name: ${name}
dataset_path: ${corpus}
export_path: ${join(root, name, 'out.parquet')}
work_dir: ${join(root, name, 'work')}
np: ${np}
partition_size: 700
${extra}
process:
${process}`,
    root
  )
}

async function run(name: string, process: string, options: { np?: number; extra?: string } = {}): Promise<{ workDir: string; out: string }> {
  const recipe = recipeOf(name, process, options)
  expect((await runToEnd(recipe)).outcome.status).toBe('completed')
  return { workDir: recipe.work_dir, out: recipe.export_path }
}

const withoutDir = (o: JobOutcomes): Omit<JobOutcomes, 'workDir'> => {
  const { workDir: _workDir, ...rest } = o
  return rest
}

/** Every rejected/ file of one operator, over every partition. */
function rejectedFiles(workDir: string, index: number): string[] {
  const dir = join(workDir, 'rejected')
  return readdirSync(dir)
    .sort()
    .flatMap((p) => readdirSync(join(dir, p)).flatMap((f) => (f.startsWith(`op_${String(index).padStart(3, '0')}_`) ? [join(dir, p, f)] : [])))
}

async function duckStats(files: string[], key: string): Promise<{ count: number; min: number; max: number; mean: number; p50: number }> {
  const db = await (await DuckDBInstance.create(':memory:')).connect()
  const list = files.map((f) => `'${f}'`).join(', ')
  const [row] = (
    await db.runAndReadAll(
      `SELECT count(s), min(s), max(s), avg(s), quantile_cont(s, 0.5) FROM (SELECT __dj__stats__.${key} AS s FROM read_parquet([${list}], union_by_name = true))`
    )
  ).getRows()
  const [count, min, max, mean, p50] = row!.map(Number)
  return { count: count!, min: min!, max: max!, mean: mean!, p50: p50! }
}

function expectSide(side: FilterOutcome['kept'], duck: Awaited<ReturnType<typeof duckStats>>): void {
  const s = side as NumericStatSummary
  expect(s.kind).toBe('numeric')
  expect({ count: s.count, min: s.min, max: s.max }).toEqual({ count: duck.count, min: duck.min, max: duck.max })
  expect(s.mean).toBeCloseTo(duck.mean, 9)
  expect(s.quantiles.p50).toBeCloseTo(duck.p50, 9)
  expect(s.histogram.counts.reduce((a, b) => a + b, 0)).toBe(s.count)
}

describe('what each filter kept and dropped, after a run', () => {
  let first: JobOutcomes
  let firstRun: { workDir: string; out: string }

  it('splits each filter stat into kept and dropped as DuckDB reads them from the output and rejected/', async () => {
    firstRun = await run('np2', FILTERS, { extra: 'preserve_intermediate_data: true\nkeep_stats_in_res_ds: true' })
    first = await readJobOutcomes(firstRun.workDir)
    expect(first).toMatchObject({ complete: true, partitionsDone: 5, partitions: 5 })
    expect(first.outcomes.map((o) => [o.index, o.name, o.statsKey])).toEqual([
      [1, 'text_length_filter', 'text_len'],
      [2, 'alphanumeric_filter', 'alnum_ratio'],
      [3, 'words_num_filter', 'num_words']
    ])
    const { operations } = await readJobDetails(firstRun.workDir)
    for (const o of first.outcomes) {
      const step = operations.find((s) => s.index === o.index)!
      // The funnel's rows: kept are its rows out, dropped the rest of its rows in.
      expect(o.rowsKept).toBe(step.rowsOut)
      expect(o.rowsDropped).toBe(step.rowsIn - step.rowsOut)
      expect(o.rowsDropped).toBeGreaterThan(0)
      expect(o.kept!.count + o.kept!.missing).toBe(o.rowsKept)
      expect(o.dropped!.count + o.dropped!.missing).toBe(o.rowsDropped)
      // Kept: the output and what the filters after it dropped; dropped: its own rejected/.
      const later = first.outcomes.filter((x) => x.index > o.index).flatMap((x) => rejectedFiles(firstRun.workDir, x.index))
      expectSide(o.kept, await duckStats([firstRun.out, ...later], o.statsKey!))
      expectSide(o.dropped, await duckStats(rejectedFiles(firstRun.workDir, o.index), o.statsKey!))
    }
    const length = first.outcomes[0]!
    expect((length.kept as NumericStatSummary).min).toBeGreaterThanOrEqual(200)
    expect((length.kept as NumericStatSummary).max).toBeLessThanOrEqual(6000)
  })

  it('shows dropped rows with their stat and reason, as rejected/ holds them, a few from each partition in turn', async () => {
    const db = await (await DuckDBInstance.create(':memory:')).connect()
    for (const o of first.outcomes) {
      expect(o.examples.length).toBe(Math.min(10, o.rowsDropped))
      const partitions = [...new Set(o.examples.map((e) => e.partition))]
      expect(partitions.length).toBeGreaterThan(1)
      for (const e of o.examples) {
        // The examples of a partition are its first dropped rows, in order.
        const position = o.examples.filter((x) => x.partition === e.partition).indexOf(e)
        const file = rejectedFiles(firstRun.workDir, o.index).find((f) => f.includes(`partition_${String(e.partition).padStart(6, '0')}`))!
        const [text, stat, reason] = (
          await db.runAndReadAll(
            `SELECT text, __dj__stats__.${o.statsKey}, __sieve_reason__ FROM read_parquet('${file}', file_row_number = true) ORDER BY file_row_number LIMIT 1 OFFSET ${position}`
          )
        ).getRows()[0]!
        const whole = [...String(text)]
        expect(e).toEqual({
          text: whole.length > TEXT_EXAMPLE_CHARS ? `${whole.slice(0, TEXT_EXAMPLE_CHARS).join('')}…` : text,
          textLength: whole.length,
          stat: Number(stat),
          reason,
          partition: e.partition
        })
      }
      expect(o.examples.every((e) => e.reason.startsWith(o.statsKey!))).toBe(true)
    }
  })

  it('keeps the merge in outcomes.json and outcomes.html, used again until the outcome files change', async () => {
    const dir = new WorkDir(firstRun.workDir)
    expect(existsSync(dir.outcomesJson)).toBe(true)
    expect(readFileSync(dir.outcomesReport, 'utf8')).toContain('alphanumeric_filter')
    expect(await readJobOutcomes(firstRun.workDir)).toEqual(first)
    const manifest = (await readManifest(dir.manifest))!
    const outcomeFiles = manifest.partitions.flatMap((p) => p.outcomes ?? [])
    expect(outcomeFiles.length).toBe(5 * 3)
  })

  it('is the same with one worker as with two', async () => {
    const one = await run('np1', FILTERS, { np: 1 })
    expect(withoutDir(await readJobOutcomes(one.workDir))).toEqual(withoutDir(first))
  })

  it('runs a filter again, from the checkpoint before it, when its outcome is lost; no row is lost or counted twice', async () => {
    const recipe = recipeOf('lost', FILTERS, { extra: 'checkpoint: {strategy: every_op}' })
    process.env.SIEVE_FAILPOINTS = JSON.stringify([{ op: 'words_num_filter', partition: 1, times: -1, state_dir: join(root, 'fp') }])
    try {
      expect((await runToEnd(recipe)).outcome.status).toBe('completed_with_failures')
    } finally {
      delete process.env.SIEVE_FAILPOINTS
    }
    const dir = new WorkDir(recipe.work_dir)
    const stopped = (await readManifest(dir.manifest))!.partitions[1]!
    expect(stopped.checkpoints.map((c) => c.op_index).sort()).toEqual([0, 1, 2])
    const lost = stopped.outcomes!.find((r) => r.op_name === 'alphanumeric_filter')!
    const bytes = readFileSync(join(dir.root, lost.path))
    bytes[bytes.length - 1] ^= 0xff
    writeFileSync(join(dir.root, lost.path), bytes)
    const { outcome, events } = await runToEnd(recipe, { resume: true })
    expect(outcome.status).toBe('completed')
    expect(events.some((e) => e.event_type === 'checkpoint_error' && e.message.includes(lost.path))).toBe(true)
    // The checkpoint after the filter whose outcome is lost would skip it: the partition resumes before it.
    expect(events.find((e) => e.event_type === 'checkpoint_load' && e.partition_id === 1)?.checkpoint_path).toContain('op_001_text_length_filter')
    expect(withoutDir(await readJobOutcomes(recipe.work_dir))).toEqual(withoutDir(first))
  })

  it('counts each filter of both stages of a recipe with a deduplicator as its funnel does, without rejected/ kept', async () => {
    const { workDir } = await run(
      'dedup',
      `  - text_length_filter: {min_len: 100}
  - document_deduplicator:
  - words_num_filter: {min_num: 40}
  - specified_field_filter: {field_key: meta.source, target_value: [forum, crawl-a]}
`
    )
    expect(existsSync(join(workDir, 'rejected'))).toBe(false)
    const outcomes = await readJobOutcomes(workDir)
    const { operations } = await readJobDetails(workDir)
    expect(outcomes.outcomes.map((o) => [o.name, o.rowsKept, o.rowsDropped])).toEqual(
      operations.filter((s) => s.name.endsWith('_filter')).map((s) => [s.name, s.rowsOut, s.rowsIn - s.rowsOut])
    )
    const field = outcomes.outcomes.find((o) => o.name === 'specified_field_filter')!
    // A filter without a stat: no summaries, but its dropped rows and why.
    expect(field).toMatchObject({ statsKey: null, kept: null, dropped: null })
    expect(field.rowsDropped).toBeGreaterThan(0)
    expect(field.examples[0]).toMatchObject({ stat: null, reason: 'meta.source is not one of the target values' })
  })

  it('has no outcome for a recipe without a filter', async () => {
    const { workDir } = await run('nofilter', `  - whitespace_normalization_mapper:\n  - document_deduplicator:\n`)
    expect(await readJobOutcomes(workDir)).toMatchObject({ complete: true, outcomes: [] })
    expect(readFileSync(new WorkDir(workDir).outcomesReport, 'utf8')).toContain('no filter')
  })
})
