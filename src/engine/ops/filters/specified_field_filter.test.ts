import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../../testing'
import { makeCorpus, parquetRows, recipeFrom, runToEnd } from '../../job/testing-jobs'

const scratch = scratchDir('field-filters')
afterAll(() => scratch.remove())

function recipe(name: string, np: number, ops: string): ReturnType<typeof recipeFrom> {
  const corpus = makeCorpus(join(scratch.path, 'corpus.jsonl'), 2000, 9)
  return recipeFrom(
    `dataset_path: ${corpus}\nexport_path: ${join(scratch.path, name, 'out.parquet')}\nwork_dir: ${join(scratch.path, name, 'work')}\nnp: ${np}\npartition_size: 300\nprocess:\n${ops}`,
    scratch.path
  )
}

describe('specified_field_filter in a job', () => {
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
