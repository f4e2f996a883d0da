import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, describe, expect, it } from 'vitest'
import type { DatasetAnalysis } from '../../shared/analysis'
import { scratchDir, TEST_WORKER } from '../testing'
import { recipeFrom } from '../job/testing-jobs'
import { openAnalysis, readAnalysis } from './analyze'

const scratch = scratchDir('analysis-formats')
afterAll(() => scratch.remove())

const WORDS = ['alpha', 'beta, gamma', 'say "hi"', '😀', 'naïve', 'x1', '']
const records = Array.from({ length: 250 }, (_, i) => ({
  text: Array.from({ length: 1 + (i % 9) }, (_, w) => WORDS[(i * 7 + w) % WORDS.length]).join(' '),
  n: i % 11
}))

/** One partition (sums are added in the same order whatever the format), read in batches of 40 rows. */
async function analyze(name: string, dataset: string): Promise<DatasetAnalysis> {
  const recipe = recipeFrom(
    `dataset_path: ${dataset}\nexport_path: ${join(scratch.path, name, 'out.jsonl')}\nwork_dir: ${join(scratch.path, name, 'work')}\ntext_keys: text\nnp: 1\npartition_size: 1000\nperformance: {batch_size: 40}\nprocess:\n  - text_length_filter: {min_len: 5}\n  - words_num_filter: {min_num: 2}\n`,
    scratch.path
  )
  const outcome = await (await openAnalysis(recipe, { workerPath: TEST_WORKER })).run()
  expect(outcome.status, outcome.message).toBe('completed')
  return readAnalysis(outcome.workDir)
}

/** What the input's format must not change: every stat, and the text column's nulls, distinct values and lengths. */
const essentials = (a: DatasetAnalysis): unknown => ({ rows: a.rows, stats: a.stats, text: a.columns.find((c) => c.name === 'text') })

describe('an analysis reads every input format batch by batch', () => {
  it('summarizes the same records alike from JSONL, a JSON array, CSV and Parquet', async () => {
    const jsonl = join(scratch.path, 'records.jsonl')
    writeFileSync(jsonl, records.map((r) => JSON.stringify(r)).join('\n') + '\n')
    const json = join(scratch.path, 'records.json')
    writeFileSync(json, JSON.stringify(records))
    const csv = join(scratch.path, 'records.csv')
    writeFileSync(csv, ['text,n', ...records.map((r) => `"${r.text.replace(/"/g, '""')}",${r.n}`)].join('\n') + '\n')
    const parquet = join(scratch.path, 'records.parquet')
    const db = await (await DuckDBInstance.create(':memory:')).connect()
    await db.run(`COPY (SELECT text, n FROM read_json_auto('${jsonl}')) TO '${parquet}' (FORMAT parquet, ROW_GROUP_SIZE 64)`)

    const expected = await analyze('jsonl', jsonl)
    expect(expected.rows).toBe(250)
    expect(expected.columns.find((c) => c.name === 'text')).toMatchObject({ nulls: 0, distinct: new Set(records.map((r) => r.text)).size })
    for (const [name, path] of [
      ['json', json],
      ['csv', csv],
      ['parquet', parquet]
    ]) {
      expect(essentials(await analyze(name!, path!)), name).toEqual(essentials(expected))
    }
  })
})
