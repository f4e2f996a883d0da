import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../../testing'
import { corpusRecipe, parquetRows, runToEnd } from '../../job/testing-jobs'

const scratch = scratchDir('topk')
afterAll(() => scratch.remove())

const recipe = (name: string, np: number, ops: string): ReturnType<typeof corpusRecipe> => corpusRecipe(scratch.path, name, np, ops)

describe('topk_specified_field_selector in a job', () => {
  it('topk_specified_field_selector keeps the rows with the largest values of a nested field', async () => {
    const r = recipe('topk', 2, '  - topk_specified_field_selector: {field_key: meta.ts, topk: 25}\n')
    await runToEnd(r)
    const ts = (await parquetRows(r.export_path)).map((row) => (row.meta as { ts: number }).ts)
    expect(ts).toEqual(Array.from({ length: 25 }, (_, i) => 1700000000 + 1975 + i))
    const bottom = recipe('bottom', 2, '  - topk_specified_field_selector: {field_key: id, top_ratio: 0.01, reverse: false}\n')
    await runToEnd(bottom)
    expect((await parquetRows(bottom.export_path)).map((row) => row.id)).toEqual(Array.from({ length: 20 }, (_, i) => i))
  })
})
