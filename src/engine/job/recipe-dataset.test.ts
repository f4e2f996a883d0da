import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { parseRecipe } from './recipe'
import { parquetRows, recipeFrom, runToEnd } from './testing-jobs'

/** The input named the ways Data-Juicer names it: dataset_path with weights, or dataset: {configs}. */
const scratch = scratchDir('recipe-dataset')
afterAll(() => scratch.remove())
const dir = scratch.path
writeFileSync(join(dir, 'a.jsonl'), '{"text": "from a"}\n')
mkdirSync(join(dir, 'b dir'))
writeFileSync(join(dir, 'b dir', 'b.jsonl'), '{"text": "from b"}\n')
writeFileSync(join(dir, 'with space.jsonl'), '{"text": "spaced"}\n')

const inputs = (head: string): string[] =>
  parseRecipe(`${head}\nexport_path: out.parquet\nprocess:\n  - text_length_filter:\n`, dir).recipe.dataset_path
const refusal = (head: string): string => {
  try {
    inputs(head)
  } catch (err) {
    return (err as Error).message
  }
  throw new Error('not refused')
}

describe('dataset_path as Data-Juicer writes it', () => {
  it('reads paths with weights, shell-quoted, as Data-Juicer does without max_sample_num: every row of each', async () => {
    expect(inputs(`dataset_path: 0.5 a.jsonl 1.5 "b dir"`)).toEqual([join(dir, 'a.jsonl'), join(dir, 'b dir')])
    expect(inputs(`dataset_path: "a.jsonl 'b dir'"`)).toEqual([join(dir, 'a.jsonl'), join(dir, 'b dir')])
    const recipe = recipeFrom(
      `dataset_path: "0.3 a.jsonl 0.7 'b dir'"\nexport_path: ${join(dir, 'ab.parquet')}\nprocess:\n  - text_length_filter: {min_len: 1}\n`,
      dir
    )
    await runToEnd(recipe)
    expect(((await parquetRows(recipe.export_path)) as { text: string }[]).map((r) => r.text).sort()).toEqual(['from a', 'from b'])
  })

  it('keeps a path that exists, or that is not a list of paths, whole', () => {
    expect(inputs('dataset_path: with space.jsonl')).toEqual([join(dir, 'with space.jsonl')])
    expect(inputs('dataset_path: no such file.jsonl')).toEqual([join(dir, 'no such file.jsonl')])
    expect(inputs('dataset_path: [a.jsonl, with space.jsonl]')).toEqual([join(dir, 'a.jsonl'), join(dir, 'with space.jsonl')])
  })
})

describe('dataset: {configs}', () => {
  it('reads the local configs’ paths; dataset_path, when also set, wins as in Data-Juicer', () => {
    const configs = 'dataset:\n  configs:\n    - {type: local, path: a.jsonl, weight: 0.5}\n    - type: local\n      path: b dir'
    expect(inputs(configs)).toEqual([join(dir, 'a.jsonl'), join(dir, 'b dir')])
    expect(inputs(`dataset_path: with space.jsonl\n${configs}`)).toEqual([join(dir, 'with space.jsonl')])
  })

  it('refuses what Sieve cannot honour, naming the key and line', () => {
    expect(refusal('dataset:\n  configs:\n    - {type: huggingface, path: allenai/c4}')).toMatch(
      /line 3: 'dataset.configs\[0\].type' is 'huggingface': Sieve reads local files only\. Download the dataset/
    )
    expect(refusal('dataset:\n  max_sample_num: 100\n  configs:\n    - {type: local, path: a.jsonl}')).toMatch(
      /line 2: 'dataset.max_sample_num' asks for a random sample, which Sieve does not draw/
    )
    expect(refusal('dataset:\n  configs: []')).toMatch(/'dataset.configs' must be a non-empty list of dataset configs/)
    expect(refusal('dataset:\n  path: a.jsonl')).toMatch(/'dataset.configs' must be a list of dataset configs, got undefined/)
    expect(refusal('project_name: x')).toMatch(/'dataset_path' is required: the file, folder or glob to process \(or dataset: \{configs/)
  })
})
