import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../../testing'
import { corpusRecipe, parquetRows, runToEnd } from '../../job/testing-jobs'

const scratch = scratchDir('field-selectors')
afterAll(() => scratch.remove())

const recipe = (name: string, ops: string): ReturnType<typeof corpusRecipe> => corpusRecipe(scratch.path, name, 2, ops)

async function exported(name: string, ops: string): Promise<Record<string, unknown>[]> {
  const r = recipe(name, ops)
  await runToEnd(r)
  return parquetRows(r.export_path)
}

const source = (row: Record<string, unknown>): string => (row.meta as { source: string }).source

describe('the field selectors in a job, over partitions', () => {
  it('tags_specified_field_selector keeps the rows tagged forum, as specified_field_filter does', async () => {
    const tagged = await exported('tags', '  - tags_specified_field_selector: {field_key: meta.source, target_tags: [forum]}\n')
    const filtered = await exported('filter', '  - specified_field_filter: {field_key: meta.source, target_value: [forum]}\n')
    expect(tagged.length).toBeGreaterThan(50)
    expect(tagged.map((r) => r.id)).toEqual(filtered.map((r) => r.id))
  })

  it('frequency_specified_field_selector keeps the rows of the most frequent source', async () => {
    const all = await exported('all', '  - whitespace_normalization_mapper:\n')
    const counts = new Map<string, number>()
    for (const row of all) counts.set(source(row), (counts.get(source(row)) ?? 0) + 1)
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!
    const rows = await exported('frequency', '  - frequency_specified_field_selector: {field_key: meta.source, topk: 1}\n')
    expect(rows.length).toBe(top[1])
    expect(new Set(rows.map(source))).toEqual(new Set([top[0]]))
  })

  it('range_specified_field_selector keeps ranks 101..150 of the ids, in input order', async () => {
    const rows = await exported('range', '  - range_specified_field_selector: {field_key: id, lower_rank: 100, upper_rank: 150}\n')
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 50 }, (_, i) => 100 + i))
  })
})
