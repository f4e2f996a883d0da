import { Field, Schema, Utf8 } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { readStrings } from '../batch'
import { resolveParams } from '../registry'
import { suffixFilter, SUFFIX_FIELD } from './suffix_filter'

const schema = new Schema([new Field('text', new Utf8(), true), new Field(SUFFIX_FIELD, new Utf8(), true)])
const run = (params: Record<string, unknown>, rows: [string, string | null][]): string[] =>
  readStrings(suffixFilter.create(resolveParams(suffixFilter.info, params), { textKey: 'text' }).process(rowsToBatch(rows, schema)).batch, 'text') as string[]

describe('suffix_filter', () => {
  const rows: [string, string | null][] = [['a', '.jsonl'], ['b', '.txt'], ['c', null], ['d', '.jsonl']]
  it('keeps rows whose suffix is listed; a lone string counts as a list', () => {
    expect(run({ suffixes: ['.jsonl'] }, rows)).toEqual(['a', 'd'])
    expect(run({ suffixes: '.txt' }, rows)).toEqual(['b'])
  })
  it('keeps everything with no suffixes, and names the missing field otherwise', () => {
    expect(run({}, rows)).toEqual(['a', 'b', 'c', 'd'])
    const plain = new Schema([new Field('text', new Utf8(), true)])
    const op = suffixFilter.create(resolveParams(suffixFilter.info, { suffixes: ['.jsonl'] }), { textKey: 'text' })
    expect(() => op.process(rowsToBatch([['a']], plain))).toThrow(/no field '__dj__suffix__'/)
  })
})
