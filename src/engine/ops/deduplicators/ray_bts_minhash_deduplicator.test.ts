import { describe, expect, it } from 'vitest'
import { parseRecipe } from '../../job/recipe'
import { documentMinhashDeduplicator } from './document_minhash_deduplicator'
import { rayBtsMinhashDeduplicator } from './ray_bts_minhash_deduplicator'
import { duplicatesOf } from './testing-dedup'

const RECIPE = `project_name: demo
dataset_path: data/in.jsonl
export_path: out/clean.parquet
process:
`

const words = (n: number, from = 0): string => Array.from({ length: n }, (_, i) => `w${from + i}`).join(' ')

describe('ray_bts_minhash_deduplicator', () => {
  it('clusters near-duplicates and keeps the first of each cluster', () => {
    const base = words(60)
    const near = `${words(59)} changed`
    const other = words(60, 100)
    expect(duplicatesOf(rayBtsMinhashDeduplicator)(base, other, near, base)).toEqual([2, 3])
  })

  it('cuts shingles as the Ray operator does: the last window counts, and runs of spaces make no empty words', () => {
    // Two different texts of exactly window_size words: one shingle each for the Ray operator, none
    // (so duplicates of each other) for the local one, whose range leaves the last window out.
    expect(duplicatesOf(rayBtsMinhashDeduplicator)(words(5), words(5, 10))).toEqual([])
    expect(duplicatesOf(documentMinhashDeduplicator)(words(5), words(5, 10))).toEqual([1])
    // Extra spaces change nothing for the Ray operator.
    const spaced = words(30).replaceAll(' ', '   ')
    expect(duplicatesOf(rayBtsMinhashDeduplicator)(words(30), spaced)).toEqual([1])
    expect(duplicatesOf(rayBtsMinhashDeduplicator, { tokenization: 'character', window_size: 3 })('abc', 'abd')).toEqual([])
    expect(duplicatesOf(rayBtsMinhashDeduplicator, { tokenization: 'character', window_size: 3 })('abcdefgh', 'abcdefgh')).toEqual([1])
  })

  it('removes what ignore_pattern matches, read as a Python pattern', () => {
    const text = words(40)
    expect(duplicatesOf(rayBtsMinhashDeduplicator, { ignore_pattern: '(?P<digit>\\d)' })(text, text.replaceAll(/\d/g, '7'))).toEqual([1])
    expect(() => duplicatesOf(rayBtsMinhashDeduplicator, { ignore_pattern: '(?P<x>' })('text')).toThrow(
      /ray_bts_minhash_deduplicator: 'ignore_pattern' is not a valid regular expression/
    )
  })

  it('accepts its cluster settings, with the values Data-Juicer takes, and reports them as ignored', () => {
    const yaml = `${RECIPE}  - ray_bts_minhash_deduplicator:\n      tokenization: character\n      jaccard_threshold: 0.8\n      union_find_parallel_num: 8\n      minhash_batch_size: auto\n      union_threshold: 128\n      memory_per_sample: 0.5\n`
    const { recipe, notes } = parseRecipe(yaml, '/base')
    expect(recipe.process[0]!.params).toMatchObject({
      tokenization: 'character',
      jaccard_threshold: 0.8,
      union_find_parallel_num: 8,
      minhash_batch_size: 'auto',
      union_threshold: 128,
      memory_per_sample: 0.5,
      window_size: 5
    })
    expect(notes.map((n) => n.split("'")[1])).toEqual([
      'ray_bts_minhash_deduplicator.union_find_parallel_num',
      'ray_bts_minhash_deduplicator.minhash_batch_size',
      'ray_bts_minhash_deduplicator.union_threshold',
      'ray_bts_minhash_deduplicator.memory_per_sample'
    ])
  })
})
