import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../../testing'
import { corpusRecipe, parquetRows, runToEnd } from '../../job/testing-jobs'

const scratch = scratchDir('random')
afterAll(() => scratch.remove())

const recipe = (name: string, np: number, ops: string): ReturnType<typeof corpusRecipe> => corpusRecipe(scratch.path, name, np, ops)

/** The ids (0..1999, in input order in the corpus) of the rows a random_selector recipe keeps. */
async function sampleIds(name: string, np: number, params: string): Promise<number[]> {
  const r = recipe(name, np, `  - random_selector: {${params}}\n`)
  await runToEnd(r)
  return (await parquetRows(r.export_path)).map((row) => row.id as number)
}

const firstN = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

describe('random_selector in a job', () => {
  it('the same seed gives the same sample, with np=1 and np=2, in input order, and not the first rows', async () => {
    const one = await sampleIds('seed7-np1', 1, 'select_num: 150, seed: 7')
    const two = await sampleIds('seed7-np2', 2, 'select_num: 150, seed: 7')
    expect(one).toHaveLength(150)
    expect(new Set(one).size).toBe(150)
    expect(one).toEqual([...one].sort((a, b) => a - b))
    expect(two).toEqual(one)
    expect(one).not.toEqual(firstN(150))
    // A sample of 150 out of 2,000 drawn uniformly reaches past the first half of the input.
    expect(Math.max(...one)).toBeGreaterThan(1000)
  })

  it('another seed gives another sample of the same size', async () => {
    const seven = await sampleIds('seed7', 2, 'select_num: 150, seed: 7')
    const eight = await sampleIds('seed8', 2, 'select_num: 150, seed: 8')
    expect(eight).toHaveLength(150)
    expect(new Set(eight).size).toBe(150)
    expect(eight).not.toEqual(firstN(150))
    const shared = eight.filter((id) => seven.includes(id)).length
    // Two independent uniform samples of 150 out of 2,000 share about 11 rows; far from all 150.
    expect(shared).toBeLessThan(75)
  })

  it('keeps the smaller of select_ratio and select_num, sampled from the whole input', async () => {
    const ids = await sampleIds('ratio', 2, 'select_ratio: 0.1, select_num: 500, seed: 8')
    expect(ids).toHaveLength(200)
    expect(new Set(ids).size).toBe(200)
    expect(ids).not.toEqual(firstN(200))
  })
})
