import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SieveError } from '../../shared/errors'
import { scratchDir } from '../testing'
import { deltaChain } from './delta-checkpoint'
import { MAX_DELTA_CHAIN } from './partition-task'
import { MAX_OPERATORS, parseRecipe } from './recipe'
import { makeCorpus, parquetRows, recipeFrom, runToEnd } from './testing-jobs'

const scratch = scratchDir('long-recipe')
const root = scratch.path
afterAll(() => scratch.remove())

/** `n` operators, a mapper and a filter in turn: every checkpoint after the first can be a delta. */
function ops(n: number): string {
  return Array.from({ length: n }, (_, i) =>
    i % 2 === 0 ? '  - whitespace_normalization_mapper:\n' : '  - text_length_filter: {min_len: 20}\n'
  ).join('')
}

describe('a long recipe', () => {
  it('keeps a bounded number of checkpoints per partition: a delta chain is cut by a full checkpoint every MAX_DELTA_CHAIN', async () => {
    const corpus = makeCorpus(join(root, 'corpus.jsonl'), 600)
    const yaml = (name: string, extra: string): string =>
      `dataset_path: ${corpus}\nexport_path: ${join(root, name, 'out.parquet')}\nwork_dir: ${join(root, name, 'work')}\nnp: 2\npartition_size: 300\n${extra}\nprocess:\n${ops(40)}`
    const long = recipeFrom(yaml('long', 'preserve_intermediate_data: true'), root)
    const { outcome, job } = await runToEnd(long)
    expect(outcome.status).toBe('completed')
    // 39 checkpoints were written per partition; what is kept does not grow with the recipe.
    expect(MAX_DELTA_CHAIN).toBeLessThan(16)
    for (const p of job.manifest.partitions) {
      expect(p.checkpoints.length).toBeLessThanOrEqual(long.checkpoint.max_checkpoints_per_partition + MAX_DELTA_CHAIN)
      expect(Math.max(...p.checkpoints.map((c) => deltaChain(c, p.checkpoints)!.length))).toBe(MAX_DELTA_CHAIN)
    }
    const plain = recipeFrom(yaml('plain', 'checkpoint: {enabled: false}'), root)
    expect((await runToEnd(plain)).outcome.status).toBe('completed')
    expect(await parquetRows(long.export_path)).toEqual(await parquetRows(plain.export_path))
  })

  it(`is refused at recipe check beyond ${MAX_OPERATORS} operators, with what to do`, () => {
    const yaml = `dataset_path: in.jsonl\nexport_path: out.parquet\nprocess:\n${ops(MAX_OPERATORS + 1)}`
    expect(() => parseRecipe(yaml, root, 'long.yaml')).toThrow(SieveError)
    expect(() => parseRecipe(yaml, root, 'long.yaml')).toThrow(
      new RegExp(`long\\.yaml, line 4: 'process' has ${MAX_OPERATORS + 1} operators; Sieve runs at most ${MAX_OPERATORS}`)
    )
    expect(parseRecipe(`dataset_path: in.jsonl\nexport_path: out.parquet\nprocess:\n${ops(MAX_OPERATORS)}`, root).recipe.process).toHaveLength(
      MAX_OPERATORS
    )
  })
})
