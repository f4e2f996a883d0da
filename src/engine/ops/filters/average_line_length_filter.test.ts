import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { resolveParams } from '../registry'
import type { StatFilter } from '../base'
import { readStat, readStrings } from '../batch'
import { lineStats, splitLines } from '../lines-text'
import { averageLineLengthFilter } from './average_line_length_filter'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const make = (params: Record<string, unknown> = {}): StatFilter =>
  averageLineLengthFilter.create(resolveParams(averageLineLengthFilter.info, params), { textKey: 'text' })
const average = (text: string): number => make().computeStats(batchOf([text])).stats[0]!

describe('splitLines / lineStats (Python str.splitlines)', () => {
  it('breaks on every splitlines separator, \\r\\n counting once, with no empty last line', () => {
    expect(splitLines('')).toEqual([])
    expect(splitLines('\n')).toEqual([''])
    expect(splitLines('abc\n')).toEqual(['abc'])
    expect(splitLines('abc\n\n')).toEqual(['abc', ''])
    expect(splitLines('a\r\nb\rc\n\rd')).toEqual(['a', 'b', 'c', '', 'd'])
    expect(splitLines('a\x0bb\x0cc\x1cd\x1de\x1ef\x85g\u2028h\u2029i')).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'])
    expect(splitLines('a\u0085b\u000b')).toEqual(['a', 'b'])
    expect(splitLines('a\tb\u00a0c\u200bd')).toEqual(['a\tb\u00a0c\u200bd']) // not line breaks
  })

  it('counts lines and the longest line in code points without splitting', () => {
    for (const text of ['', '\n', 'abc\n\n', 'a\r\nbb', '👍🏽👍🏽\nx', 'xx\u2028xxx\u2029x', '\r\r\n\n', '𝔘\n\ud800'])
      expect(lineStats(text)).toEqual({
        lines: splitLines(text).length,
        maxLength: Math.max(0, ...splitLines(text).map((l) => [...l].length))
      })
  })
})

describe('average_line_length_filter', () => {
  it('declares Data-Juicer’s parameters, defaults and stats key', () => {
    expect(averageLineLengthFilter.info.statsKey).toBe('avg_line_length')
    expect(resolveParams(averageLineLengthFilter.info, {})).toEqual({ min_len: 10, max_len: null })
  })

  it('is len(text) / number of lines, line breaks included in the length', () => {
    expect(average('a\nbb\nccc')).toBe(8 / 3)
    expect(average('abc\n')).toBe(4) // the final break ends the line, it does not start another
    expect(average('abc\n\n')).toBe(2.5)
    expect(average('\n')).toBe(1)
    expect(average('a\r\nb')).toBe(2) // \r\n: two characters, one break
    expect(average('a\rb\r')).toBe(2)
    expect(average('a\u2028b\u2029c')).toBe(5 / 3)
    expect(average('a\x0bb\x0cc\x1cd\x1de\x1ef\x85g')).toBe(13 / 7)
  })

  it('counts code points: emoji with modifiers, astral letters, CJK, Arabic', () => {
    expect(average('👍🏽\n𝔘')).toBe(2) // 2 + 1 + 1 code points over 2 lines
    expect(average('漢字\nمرحبا')).toBe(4)
  })

  it('gives 0.0 for empty text and the length for whitespace-only text', () => {
    expect(average('')).toBe(0)
    expect(average('   ')).toBe(3)
  })

  it('keeps the closed interval [min_len, max_len] (Data-Juicer’s own test case)', () => {
    const texts = [
      'a=1\nb\nc=1+2+3+5\nd=6',
      "Today is Sund Sund Sunda and it's a happy day!\nYou know",
      'a v s e e f g a qkc',
      '，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►',
      'Do you need a cup of coffee?',
      'emoji表情测试下😊，😸31231\n'
    ]
    const out = make({ min_len: 10, max_len: 20 }).process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual([texts[2], texts[5]])
    expect(readStat(out.batch, 'avg_line_length')).toEqual([19, 19])
    expect(out.rejected?.reasons).toEqual([
      'avg_line_length 4.75 < min_len 10',
      'avg_line_length 27.5 > max_len 20',
      'avg_line_length 34 > max_len 20',
      'avg_line_length 28 > max_len 20'
    ])
  })

  it('includes both bounds and has no upper bound by default', () => {
    const texts = ['abc\n\n', 'abc\n', 'abcdef', '']
    expect(readStrings(make({ min_len: 4, max_len: 4 }).process(batchOf(texts)).batch, 'text')).toEqual(['abc\n'])
    expect(readStrings(make({ min_len: 0, max_len: 0 }).process(batchOf(texts)).batch, 'text')).toEqual([''])
    expect(readStrings(make({ min_len: 3 }).process(batchOf(texts)).batch, 'text')).toEqual(['abc\n', 'abcdef'])
    expect(readStrings(make().process(batchOf(['x'.repeat(9), 'x'.repeat(10), 'x'.repeat(100_000)])).batch, 'text').map((t) => t?.length)).toEqual([
      10, 100_000
    ])
  })
})
