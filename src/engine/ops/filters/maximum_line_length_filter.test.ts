import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { resolveParams } from '../registry'
import type { StatFilter } from '../base'
import { readStat, readStrings, STATS_COLUMN } from '../batch'
import { maximumLineLengthFilter } from './maximum_line_length_filter'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const make = (params: Record<string, unknown> = {}): StatFilter =>
  maximumLineLengthFilter.create(resolveParams(maximumLineLengthFilter.info, params), { textKey: 'text' })
const longest = (text: string): number => make().computeStats(batchOf([text])).stats[0]!

describe('maximum_line_length_filter', () => {
  it('declares Data-Juicer’s parameters, defaults and stats key (an integer stat)', () => {
    expect(maximumLineLengthFilter.info.statsKey).toBe('max_line_length')
    expect(resolveParams(maximumLineLengthFilter.info, {})).toEqual({ min_len: 10, max_len: null })
    const withStats = make().computeStats(batchOf(['abc'])).batch
    expect(String(withStats.schema.fields.find((f) => f.name === STATS_COLUMN)?.type)).toBe('Struct<{max_line_length:Int64}>')
  })

  it('is the longest line of text.splitlines(), without its line break', () => {
    expect(longest('a\nbb\nccc')).toBe(3)
    expect(longest('abc\n\n')).toBe(3)
    expect(longest('a\r\nbb')).toBe(2) // \r\n is one break
    expect(longest('ab\rc')).toBe(2) // \r alone breaks too
    expect(longest('xx\u2028xxx\u2029x')).toBe(3)
    expect(longest('\x85abcd')).toBe(4)
    expect(longest('a\x0bbb\x0cccc\x1cd\x1de\x1ef')).toBe(3)
    expect(longest('a\tb\u00a0c')).toBe(5) // tabs and no-break spaces do not break lines
  })

  it('counts code points: emoji with modifiers, astral letters, CJK, Arabic', () => {
    expect(longest('👍🏽👍🏽\nx')).toBe(4)
    expect(longest('𝔘𝔘𝔘')).toBe(3)
    expect(longest('漢字かな\nab')).toBe(4)
    expect(longest('مرحبا\nب')).toBe(5)
  })

  it('gives 0 for empty text and for text made of line breaks', () => {
    expect(longest('')).toBe(0)
    expect(longest('\n')).toBe(0)
    expect(longest('\r\n\n')).toBe(0)
    expect(longest('  \t ')).toBe(4)
  })

  it('keeps the closed interval [min_len, max_len] (Data-Juicer’s own test case)', () => {
    const texts = [
      'a=1\nb\nc=1+2+3+5\nd=6',
      "Today is Sund Sund Sund Sunda and it's a happy day!\nYou know",
      'a v s e e f g a qkc',
      '，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►',
      'Do you need a cup of coffee?',
      'emoji表情测试下😊，😸31231\n'
    ]
    const out = make({ min_len: 10, max_len: 20 }).process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual([texts[2], texts[5]])
    expect(readStat(out.batch, 'max_line_length')).toEqual([19, 18])
    expect(out.rejected?.reasons).toEqual([
      'max_line_length 9 < min_len 10',
      'max_line_length 51 > max_len 20',
      'max_line_length 34 > max_len 20',
      'max_line_length 28 > max_len 20'
    ])
  })

  it('includes both bounds and has no upper bound by default', () => {
    const texts = ['ab\ncd', 'abc\nd', 'abcd', '']
    expect(readStrings(make({ min_len: 3, max_len: 3 }).process(batchOf(texts)).batch, 'text')).toEqual(['abc\nd'])
    expect(readStrings(make({ min_len: 0, max_len: 0 }).process(batchOf(texts)).batch, 'text')).toEqual([''])
    expect(readStrings(make({ min_len: 3 }).process(batchOf(texts)).batch, 'text')).toEqual(['abc\nd', 'abcd'])
    expect(readStat(make().process(batchOf(['x'.repeat(9) + '\n' + 'y'.repeat(10), 'z'.repeat(9)])).batch, 'max_line_length')).toEqual([10])
  })
})
