import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, describe, expect, it } from 'vitest'
import { QUANTILE_NAMES, type DatasetAnalysis, type NumericStatSummary } from '../../shared/analysis'
import { scratchDir, TEST_WORKER } from '../testing'
import { makeCorpus, recipeFrom } from '../job/testing-jobs'
import { openAnalysis, readAnalysis } from './analyze'
import { findAnalysis } from './find'

const scratch = scratchDir('analysis')
const root = scratch.path
afterAll(() => scratch.remove())
const corpus = makeCorpus(join(root, 'corpus.jsonl'), 3000)

function recipe(name: string, np: number, process: string, dataset = corpus): ReturnType<typeof recipeFrom> {
  return recipeFrom(
    `project_name: ${name}
dataset_path: ${dataset}
export_path: ${join(root, name, 'out.jsonl')}
work_dir: ${join(root, name, 'work')}
text_keys: text
np: ${np}
partition_size: 700
process:
${process}`,
    root
  )
}

const FILTERS = `  - whitespace_normalization_mapper:
  - text_length_filter: {min_len: 100}
  - alphanumeric_filter: {min_ratio: 0.5}
  - words_num_filter: {min_num: 5}
  - document_deduplicator:
`

async function analyze(r: ReturnType<typeof recipeFrom>): Promise<{ status: string; analysis?: DatasetAnalysis; message: string }> {
  const job = await openAnalysis(r, { workerPath: TEST_WORKER })
  const outcome = await job.run()
  return {
    status: outcome.status,
    message: outcome.message,
    ...(outcome.status === 'completed' ? { analysis: await readAnalysis(outcome.workDir) } : {})
  }
}

async function duck(sql: string): Promise<unknown[][]> {
  const db = await (await DuckDBInstance.create(':memory:')).connect()
  return (await db.runAndReadAll(sql)).getRows()
}

/** Without the time it was made, two analyses of the same input must be equal. */
const timeless = (a: DatasetAnalysis): Omit<DatasetAnalysis, 'createdAt'> => {
  const { createdAt: _createdAt, ...rest } = a
  return rest
}

describe('sieve analyze over the whole input', () => {
  let first: DatasetAnalysis

  it('summarizes text_len exactly as DuckDB does over length(text) of every row', async () => {
    const { analysis, status, message } = await analyze(recipe('np2', 2, FILTERS))
    expect(status, message).toBe('completed')
    first = analysis!
    expect(first.rows).toBe(3000)
    expect(first.ops.map((o) => o.statsKey)).toEqual(['text_len', 'alnum_ratio', 'num_words'])
    const len = first.stats.text_len as NumericStatSummary
    const q = QUANTILE_NAMES.map((n) => `quantile_cont(length(text), ${Number(n.slice(1)) / 100})`).join(', ')
    const [row] = await duck(
      `SELECT count(*), min(length(text)), max(length(text)), avg(length(text)), stddev_pop(length(text)), ${q} FROM read_json_auto('${corpus}')`
    )
    const [count, min, max, mean, std, ...quantiles] = row!.map(Number)
    expect(len).toMatchObject({ kind: 'numeric', count, min, max, missing: 0, rankError: 0 })
    expect(len.mean).toBeCloseTo(mean!, 9)
    expect(len.std).toBeCloseTo(std!, 6)
    QUANTILE_NAMES.forEach((n, i) => expect(len.quantiles[n], n).toBeCloseTo(quantiles[i]!, 9))
    // Each bin, counted by DuckDB against the same edges.
    const { edges, counts } = len.histogram
    const bins = counts.map(
      (_, i) => `count(*) FILTER (length(text) >= ${edges[i]} AND length(text) ${i === counts.length - 1 ? '<=' : '<'} ${edges[i + 1]})`
    )
    const [binRow] = await duck(`SELECT ${bins.join(', ')} FROM read_json_auto('${corpus}')`)
    expect(counts).toEqual(binRow!.map(Number))
    expect(counts.reduce((a, b) => a + b, 0)).toBe(3000)
    // The column's length distribution is the same numbers.
    const text = first.columns.find((c) => c.name === 'text')!
    expect(text.length?.quantiles).toEqual(len.quantiles)
    expect(text.nulls).toBe(0)
  })

  it('summarizes every other stat exactly as DuckDB does over the stats a job writes out', async () => {
    // A job that keeps every row and its stats: the filters' thresholds let everything through.
    const keepAll = recipe(
      'keep',
      2,
      `  - text_length_filter: {min_len: 0}\n  - alphanumeric_filter: {min_ratio: 0}\n  - words_num_filter: {min_num: 0}\n`
    )
    const out = join(root, 'stats.jsonl')
    const { Job } = await import('../job/job')
    const job = await Job.create({ ...keepAll, export_path: out, keep_stats_in_res_ds: true }, { workerPath: TEST_WORKER })
    expect((await job.run()).status).toBe('completed')
    for (const key of ['alnum_ratio', 'num_words']) {
      const s = first.stats[key] as NumericStatSummary
      const v = `"__dj__stats__".${key}`
      const [row] = await duck(
        `SELECT count(*), min(${v}), max(${v}), avg(${v}), quantile_cont(${v}, 0.5), quantile_cont(${v}, 0.99) FROM read_json_auto('${out}')`
      )
      const [count, min, max, mean, p50, p99] = row!.map(Number)
      expect(s).toMatchObject({ count, min, max })
      expect(s.mean).toBeCloseTo(mean!, 9)
      expect(s.quantiles.p50).toBeCloseTo(p50!, 12)
      expect(s.quantiles.p99).toBeCloseTo(p99!, 12)
      expect(s.histogram.counts.reduce((a, b) => a + b, 0)).toBe(3000)
      expect(s.cdf.shares.at(-1)).toBe(1)
    }
  })

  it('gives the same analysis with one worker as with two, and its HTML report is self-contained', async () => {
    const { analysis } = await analyze(recipe('np1', 1, FILTERS))
    expect(timeless(analysis!)).toEqual({ ...timeless(first), input: analysis!.input })
    expect(analysis!.input.fingerprint).toBe(first.input.fingerprint)
    const html = readFileSync(join(root, 'np2', 'work', 'analysis', 'report.html'), 'utf8')
    expect(html).toContain('<svg')
    expect(html).toContain('prefers-color-scheme: dark')
    expect(html).not.toMatch(/(src|href)="http/)
  })

  it('finds the finished analysis of the same input and filters, whatever their thresholds', async () => {
    const moved = recipe('np2', 2, FILTERS.replace('min_len: 100', 'min_len: 400'))
    expect((await findAnalysis(moved, []))?.analysis.rows).toBe(3000)
    const other = recipe(
      'np2',
      2,
      FILTERS.replace('alphanumeric_filter: {min_ratio: 0.5}', 'alphanumeric_filter: {tokenization: false, min_ratio: 0.5, max_ratio: 1}')
    )
    expect(await findAnalysis(other, [])).toBeDefined()
    expect(await findAnalysis(recipe('np2', 2, `  - text_length_filter: {min_len: 1}\n`), [])).toBeUndefined()
  })

  it('says so when the recipe has no filter, and still summarizes the columns', async () => {
    const { analysis } = await analyze(recipe('nofilter', 1, '  - whitespace_normalization_mapper:\n'))
    expect(analysis!.ops).toEqual([])
    expect(analysis!.stats).toEqual({})
    expect(analysis!.columns.map((c) => c.name)).toContain('text')
    expect(readFileSync(join(root, 'nofilter', 'work', 'analysis', 'report.html'), 'utf8')).toContain('no filter that computes a stat')
  })

  it('refuses an empty dataset with a message naming it', async () => {
    const empty = join(root, 'empty.jsonl')
    writeFileSync(empty, '')
    await expect(openAnalysis(recipe('empty', 1, FILTERS, empty), { workerPath: TEST_WORKER })).rejects.toThrow(
      /empty\.jsonl is empty \(0 bytes\)\. Choose a file that contains records/
    )
  })

  it('summarizes a text stat as categories and a numeric column by its values', async () => {
    const mixed = join(root, 'mixed.jsonl')
    const rows = Array.from({ length: 50 }, (_, i) => JSON.stringify({ text: `row ${i}`, n: i % 7, __dj__stats__: { tag: i % 3 === 0 ? 'a' : 'b' } }))
    writeFileSync(mixed, `${rows.join('\n')}\n`)
    const { analysis, message } = await analyze(recipe('mixed', 1, '  - text_length_filter: {min_len: 1}\n', mixed))
    expect(analysis, message).toBeDefined()
    expect(analysis!.stats.tag).toEqual({
      kind: 'categorical',
      count: 50,
      missing: 0,
      distinct: 2,
      distinctIsEstimate: false,
      top: [
        { value: 'b', count: 33 },
        { value: 'a', count: 17 }
      ]
    })
    const n = analysis!.columns.find((c) => c.name === 'n')!
    expect(n).toMatchObject({ distinct: 7, distinctIsEstimate: false, nulls: 0 })
    expect(n.values).toMatchObject({ min: 0, max: 6, count: 50 })
    expect(n.values!.histogram.edges).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })
})
