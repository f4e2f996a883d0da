import { Field, Int64, Schema, Utf8 } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { resolveParams } from '../registry'
import { readStrings } from '../batch'
import type { Operator } from '../base'
import { textChunkMapper } from './text_chunk_mapper'

const schema = new Schema([new Field('id', new Int64(), true), new Field('text', new Utf8(), true)])
const create = (params: Record<string, unknown>): Operator => textChunkMapper.create(resolveParams(textChunkMapper.info, params), { textKey: 'text' })

function run(params: Record<string, unknown>, texts: string[]): { ids: number[]; texts: string[] } {
  const out = create(params).process(
    rowsToBatch(
      texts.map((t, i) => [BigInt(i), t]),
      schema
    )
  ).batch
  return { ids: [...out.getChild('id')!].map(Number), texts: readStrings(out, 'text') as string[] }
}

describe('text_chunk_mapper', () => {
  it('splits at the pattern only, dropping blank pieces, and repeats the other fields', () => {
    expect(run({}, ['one\n\ntwo\n\n\n\nthree', 'single'])).toEqual({ ids: [0, 0, 0, 1], texts: ['one', 'two', 'three', 'single'] })
  })

  it('cuts by length with overlap, counting code points', () => {
    expect(run({ max_len: 4, split_pattern: null, overlap_len: 1 }, ['abcdefghij']).texts).toEqual(['abcd', 'defg', 'ghij', 'j'])
    expect(run({ max_len: 2, split_pattern: null }, ['👍🏽𝔘x']).texts).toEqual(['👍🏽', '𝔘x'])
    expect(run({ max_len: 10, split_pattern: null }, ['short']).texts).toEqual(['short'])
  })

  it('with both, ends a chunk at the last pattern match within max_len, else cuts with overlap', () => {
    expect(run({ max_len: 10, split_pattern: ', ' }, ['aa, bb, cc, dd, ee']).texts).toEqual(['aa, bb', 'cc, dd, ee'])
    expect(run({ max_len: 8, split_pattern: ', ' }, ['aa, bb, cc, dd, ee']).texts).toEqual(['aa, bb', 'cc, dd', 'ee'])
    expect(run({ max_len: 4, split_pattern: ', ', overlap_len: 1 }, ['abcdefg']).texts).toEqual(['abcd', 'defg'])
  })

  it('refuses impossible parameters', () => {
    expect(() => create({ max_len: 3, overlap_len: 3, split_pattern: null })).toThrow(/overlap_len \(3\) must be less than max_len/)
    expect(() => create({ split_pattern: null })).toThrow(/cannot both be empty/)
    expect(() => create({ tokenizer: 'gpt2' })).toThrow(/tokenizer is not available/)
  })
})
