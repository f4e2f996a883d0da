import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../../testing'
import { makeCorpus, parquetRows, recipeFrom, runToEnd } from '../../job/testing-jobs'

const scratch = scratchDir('selectors')
afterAll(() => scratch.remove())

function recipe(name: string, np: number, ops: string): ReturnType<typeof recipeFrom> {
  const corpus = makeCorpus(join(scratch.path, 'corpus.jsonl'), 2000, 9)
  return recipeFrom(
    `dataset_path: ${corpus}\nexport_path: ${join(scratch.path, name, 'out.parquet')}\nwork_dir: ${join(scratch.path, name, 'work')}\nnp: ${np}\npartition_size: 300\nprocess:\n${ops}`,
    scratch.path
  )
}

describe('selectors and field filters in a job', () => {
  it('random_selector keeps a seeded sample across partitions: the same with np=1 and np=2, in input order', async () => {
    const ops = '  - random_selector: {select_num: 150, seed: 7}\n'
    const one = recipe('random-1', 1, ops)
    const two = recipe('random-2', 2, ops)
    await runToEnd(one)
    await runToEnd(two)
    const rows = await parquetRows(one.export_path)
    expect(rows).toHaveLength(150)
    const ids = rows.map((r) => r.id as number)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    expect(await parquetRows(two.export_path)).toEqual(rows)
    const other = recipe('random-3', 2, '  - random_selector: {select_ratio: 0.1, select_num: 500, seed: 8}\n')
    await runToEnd(other)
    const otherIds = (await parquetRows(other.export_path)).map((r) => r.id)
    expect(otherIds).toHaveLength(200)
    expect(otherIds).not.toEqual(ids.slice(0, 200))
  })

  it('topk_specified_field_selector keeps the rows with the largest values of a nested field', async () => {
    const r = recipe('topk', 2, '  - topk_specified_field_selector: {field_key: meta.ts, topk: 25}\n')
    await runToEnd(r)
    const ts = (await parquetRows(r.export_path)).map((row) => (row.meta as { ts: number }).ts)
    expect(ts).toEqual(Array.from({ length: 25 }, (_, i) => 1700000000 + 1975 + i))
    const bottom = recipe('bottom', 2, '  - topk_specified_field_selector: {field_key: id, top_ratio: 0.01, reverse: false}\n')
    await runToEnd(bottom)
    expect((await parquetRows(bottom.export_path)).map((row) => row.id)).toEqual(Array.from({ length: 20 }, (_, i) => i))
  })

  it('specified_field_filter and specified_numeric_field_filter keep rows by field value', async () => {
    const r = recipe(
      'fields',
      2,
      '  - specified_field_filter: {field_key: meta.source, target_value: [forum]}\n  - specified_numeric_field_filter: {field_key: id, min_value: 100, max_value: 999}\n'
    )
    await runToEnd(r)
    const rows = await parquetRows(r.export_path)
    expect(rows.length).toBeGreaterThan(50)
    for (const row of rows) {
      expect((row.meta as { source: string }).source).toBe('forum')
      expect(row.id as number).toBeGreaterThanOrEqual(100)
      expect(row.id as number).toBeLessThanOrEqual(999)
    }
  })

  it('a field the dataset lacks is one clear error', async () => {
    const r = recipe('nofield', 1, '  - specified_field_filter: {field_key: nope, target_value: [x]}\n')
    const { outcome } = await runToEnd(r)
    expect(outcome.failed[0]?.error).toMatch(/specified_field_filter: the dataset has no field 'nope' \(its fields: id, text, url, meta\)/)
  })
})
