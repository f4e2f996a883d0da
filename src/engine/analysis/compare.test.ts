import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, describe, expect, it } from 'vitest'
import type { NumericStatSummary } from '../../shared/analysis'
import { scratchDir } from '../testing'
import { makeCorpus, recipeFrom, runToEnd } from '../job/testing-jobs'
import { compareJobs } from './compare'

const scratch = scratchDir('compare')
const root = scratch.path
afterAll(() => scratch.remove())
const corpus = makeCorpus(join(root, 'corpus.jsonl'), 2000)

async function job(name: string, minLen: number, keepStats = true): Promise<{ workDir: string; out: string }> {
  const out = join(root, name, 'out.parquet')
  const recipe = recipeFrom(
    `project_name: ${name}
dataset_path: ${corpus}
export_path: ${out}
work_dir: ${join(root, name, 'work')}
np: 2
partition_size: 400
keep_stats_in_res_ds: ${keepStats}
process:
  - text_length_filter: {min_len: ${minLen}}
  - alphanumeric_filter: {min_ratio: 0.5}
  - document_deduplicator:
`,
    root
  )
  expect((await runToEnd(recipe)).outcome.status).toBe('completed')
  return { workDir: recipe.work_dir, out }
}

describe('comparing two jobs', () => {
  it('gives each job its funnel, rows, time, and the stats of its output as DuckDB reads them', async () => {
    const a = await job('a', 100)
    const b = await job('b', 1000)
    const { jobs } = await compareJobs(a.workDir, b.workDir)
    const db = await (await DuckDBInstance.create(':memory:')).connect()
    for (const [compared, { out }] of [
      [jobs[0], a],
      [jobs[1], b]
    ] as const) {
      expect(compared.funnel.map((s) => [s.name, s.kind])).toEqual([
        ['text_length_filter', 'filter'],
        ['alphanumeric_filter', 'filter'],
        ['document_deduplicator', 'deduplicator']
      ])
      expect(compared.funnel[0]!.rowsIn).toBe(2000)
      expect(compared.funnel.at(-1)!.rowsOut).toBe(compared.rowsOut)
      expect(compared.millis).toBeGreaterThan(0)
      const [row] = (
        await db.runAndReadAll(`SELECT count(*), min(length(text)), max(length(text)), avg(length(text)) FROM read_parquet('${out}')`)
      ).getRows()
      const [count, min, max, mean] = row!.map(Number)
      expect(compared.rowsOut).toBe(count)
      const len = compared.outputStats.text_len as NumericStatSummary
      expect(len).toMatchObject({ count, min, max })
      expect(len.mean).toBeCloseTo(mean!, 9)
    }
    expect((jobs[1].outputStats.text_len as NumericStatSummary).min).toBeGreaterThanOrEqual(1000)
    expect(jobs[1].rowsOut).toBeLessThan(jobs[0].rowsOut)
  })

  it('has no output stats for a job whose results do not keep them', async () => {
    const c = await job('c', 100, false)
    const { jobs } = await compareJobs(c.workDir, c.workDir)
    expect(jobs[0].outputStats).toEqual({})
    expect(jobs[0].rowsOut).toBeGreaterThan(0)
  })
})
