import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../../testing'
import { corpusRecipe, parquetRows, runToEnd } from '../../job/testing-jobs'

const scratch = scratchDir('random')
afterAll(() => scratch.remove())

const recipe = (name: string, np: number, ops: string): ReturnType<typeof corpusRecipe> => corpusRecipe(scratch.path, name, np, ops)

describe('random_selector in a job', () => {
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

})
