import { Field, Float64, Schema, Utf8 } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { readStrings } from '../batch'
import { resolveParams } from '../registry'
import { specifiedNumericFieldFilter } from './specified_numeric_field_filter'

const schema = new Schema([new Field('text', new Utf8(), true), new Field('score', new Float64(), true), new Field('raw', new Utf8(), true)])
const run = (params: Record<string, unknown>): string[] =>
  readStrings(
    specifiedNumericFieldFilter.create(resolveParams(specifiedNumericFieldFilter.info, params), { textKey: 'text' }).process(
      rowsToBatch(
        [
          ['a', 0.5, '1'],
          ['b', 1, 'x'],
          ['c', null, '2.5'],
          ['d', 2, '']
        ],
        schema
      )
    ).batch,
    'text'
  ) as string[]

describe('specified_numeric_field_filter', () => {
  it('keeps values within the closed interval; nulls and non-numbers are dropped', () => {
    expect(run({ field_key: 'score', min_value: 0.5, max_value: 1 })).toEqual(['a', 'b'])
    expect(run({ field_key: 'score', min_value: 1 })).toEqual(['b', 'd'])
  })
  it('reads numeric text as a number, as Data-Juicer does', () => {
    expect(run({ field_key: 'raw', max_value: 2 })).toEqual(['a'])
  })
  it('keeps every row without a field key', () => {
    expect(run({})).toEqual(['a', 'b', 'c', 'd'])
  })
})
