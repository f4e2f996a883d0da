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
