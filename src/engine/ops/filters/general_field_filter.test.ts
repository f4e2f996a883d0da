import { describe, expect, it } from 'vitest'
import { conformRecord, inferRecordSchema, rowsToBatch } from '../../io/schema'
import { readStat, readStrings } from '../batch'
import { resolveParams } from '../registry'
import { generalFieldFilter } from './general_field_filter'

/** The texts of the rows general_field_filter keeps, and each row's stored result. */
function run(condition: string, records: Record<string, unknown>[]): { kept: string[]; stats: readonly (number | string | null)[] | undefined } {
  const op = generalFieldFilter.create(resolveParams(generalFieldFilter.info, { filter_condition: condition }), { textKey: 'text' })
  const schema = inferRecordSchema(records, ['text'])
  const batch = rowsToBatch(
    records.map((r) => (conformRecord(r, schema, ['text']) as { row: unknown[] }).row),
    schema
  )
  return { kept: readStrings(op.process(batch).batch, 'text') as string[], stats: readStat(op.withStats(batch), 'general_field_filter_condition') }
}

const kept = (condition: string, records: Record<string, unknown>[]): string[] => run(condition, records).kept

describe('general_field_filter', () => {
  const nums = [
    { text: 'sample1', num: 5, flag: true, __dj__meta__: { a: 1 } },
    { text: 'sample2', num: 15, flag: false, __dj__meta__: { a: 2 } },
    { text: 'sample3', num: 25, flag: true, __dj__meta__: { a: 3 } },
    { text: 'sample4', num: 30, flag: false, __dj__meta__: { a: 4 } }
  ]

  it("keeps the rows Data-Juicer's own tests expect", () => {
    const three = nums.slice(0, 3)
    expect(kept('10 < num < 20', three)).toEqual(['sample2'])
    expect(kept('num < 10 and flag == True', three)).toEqual(['sample1'])
    expect(kept('num < 10 or num > 20', three)).toEqual(['sample1', 'sample3'])
    expect(kept('num <= 5', [{ text: 'sample1', num: 5 }, { text: 'sample2' }, { text: 'sample3', num: 25 }])).toEqual(['sample1'])
    expect(kept('__dj__meta__.a == 2', three)).toEqual(['sample2'])
    expect(kept('10 < num < 20 and __dj__meta__.a == 2', three)).toEqual(['sample2'])
    expect(kept('', nums.slice(0, 2))).toEqual(['sample1', 'sample2'])
    expect(kept("(num < 10 or num > 20) and flag == True and text!='sample3'", nums)).toEqual(['sample1'])
    expect(() => kept('invalid syntax', nums)).toThrow(/general_field_filter: 'filter_condition' is not a condition/)
  })

  it('stores each result under general_field_filter_condition, 1 or 0', () => {
    expect(run('num > 10', nums).stats).toEqual([0, 1, 1, 1])
    expect(run('', nums).stats).toBeUndefined()
  })

  it('reads Python constants, chains and truth values', () => {
    const rows = [
      { text: 'a', s: 'web', x: 1.5, n: null, tags: ['x'] },
      { text: 'b', s: "it's", x: -2, n: 0, tags: [] }
    ]
    expect(kept(`s == "it\\'s" or s == 'w' 'eb'`, rows)).toEqual(['a', 'b'])
    expect(kept('-3 < x <= 1.5e0 and x != -2', rows)).toEqual(['a'])
    expect(kept('n == None', rows)).toEqual([])
    expect(kept('tags', rows)).toEqual(['a'])
    expect(kept('missing.field == 1 or x == True', [{ text: 'c', x: 1 }])).toEqual(['c'])
    expect(kept("s < 'x' < 'y'", rows)).toEqual(['a', 'b'])
  })

  it('refuses what Data-Juicer does not evaluate, and a comparison Python cannot make', () => {
    for (const bad of ['not flag', "s in ['a']", 'num + 1 > 2', 'len(text) > 3', 'num is None', "text[0] == 'a'", '(num > 1', "'open"]) {
      expect(() => kept(bad, nums), bad).toThrow(/'filter_condition' is not a condition Sieve can evaluate/)
    }
    expect(() => kept('text > 3', nums)).toThrow(/'>' cannot compare "sample1" \(a string\) with 3 \(a number\)/)
  })
})
