import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { resolveParams } from '../registry'
import type { StatFilter } from '../base'
import { readStat, readStrings } from '../batch'
import { characterRepetitionFilter, charRepetitionRatio } from './character_repetition_filter'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const make = (params: Record<string, unknown> = {}): StatFilter =>
  characterRepetitionFilter.create(resolveParams(characterRepetitionFilter.info, params), { textKey: 'text' })
const ratio = (text: string, rep_len: number): number => make({ rep_len }).computeStats(batchOf([text])).stats[0]!

describe('character_repetition_filter', () => {
  it('declares Data-Juicer’s parameters, defaults and stats key', () => {
    expect(characterRepetitionFilter.info.statsKey).toBe('char_rep_ratio')
    expect(resolveParams(characterRepetitionFilter.info, {})).toEqual({ rep_len: 10, min_ratio: 0, max_ratio: 0.5 })
    expect(() => resolveParams(characterRepetitionFilter.info, { rep_len: 0 })).toThrow(/at least 1/)
  })

  it('sums the top floor(sqrt(distinct)) repeated n-gram frequencies over all n-grams', () => {
    expect(ratio('aab', 1)).toBe(2 / 3) // {a:2, b:1}: one repeated n-gram, 2 of 3
    expect(ratio('abab', 2)).toBe(2 / 3) // {ab:2, ba:1}
    expect(ratio('abcabc', 3)).toBe(0.5) // {abc:2, bca:1, cab:1}
    expect(ratio('aaaaa', 2)).toBe(1) // {aa:4}
    // {a:2, b:2, c:2, d:2}: four repeated, but only floor(sqrt(4)) = 2 of them count.
    expect(ratio('aabbccdd', 1)).toBe(0.5)
    expect(ratio('abcdef', 2)).toBe(0) // nothing repeats
    expect(ratio('abc', 3)).toBe(0) // one n-gram, once
  })

  it('gives 0.0 when the text is shorter than rep_len, or empty', () => {
    expect(ratio('ab', 3)).toBe(0)
    expect(ratio('', 1)).toBe(0)
    expect(ratio('     ', 2)).toBe(1) // whitespace-only text repeats itself
  })

  it('takes n-grams of code points: emoji with modifiers, astral letters, CJK, Arabic, \\r\\n', () => {
    expect(ratio('👍🏽👍🏽', 2)).toBe(2 / 3) // 👍🏽, 🏽👍, 👍🏽
    expect(ratio('𝔘𝔘𝔘', 1)).toBe(1)
    expect(ratio('𝔘𝔘𝔘', 2)).toBe(1) // two n-grams 𝔘𝔘, not four UTF-16 pairs
    expect(ratio('中文也是一个字算一个长度', 2)).toBe(2 / 11) // 一个 twice among 11 bigrams
    expect(ratio('ببب', 1)).toBe(1)
    expect(ratio('a\r\na\r\n', 2)).toBe(2 / 5) // \r and \n are separate characters
    expect(charRepetitionRatio('x\ud800x\ud800', 2)).toBe(2 / 3) // a lone surrogate is one character
  })

  it('keeps the closed interval [min_ratio, max_ratio] (Data-Juicer’s own test case)', () => {
    const texts = [
      "Today is Sund Sund Sund Sund Sund Sunda and it's a happy day!",
      'a v s e c s f e f g a a a a a a a a a a',
      '，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►',
      '中文也是一个字算一个长度'
    ]
    const out = make({ rep_len: 5, min_ratio: 0.0, max_ratio: 0.4 }).process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual([texts[2], texts[3]])
    expect(readStat(out.batch, 'char_rep_ratio')).toEqual([0, 0])
    expect(out.rejected?.reasons).toEqual([`char_rep_ratio ${26 / 57} > max_ratio 0.4`, `char_rep_ratio ${16 / 35} > max_ratio 0.4`])
  })

  it('includes both bounds', () => {
    const texts = ['aab', 'abab', 'abcabc', 'abcdef']
    expect(readStrings(make({ rep_len: 3, min_ratio: 0.5, max_ratio: 0.5 }).process(batchOf(texts)).batch, 'text')).toEqual(['abcabc'])
    expect(readStrings(make({ rep_len: 2, min_ratio: 0, max_ratio: 0 }).process(batchOf(texts)).batch, 'text')).toEqual(['aab', 'abcdef'])
    expect(readStrings(make({ rep_len: 1, min_ratio: 1, max_ratio: 1 }).process(batchOf(['aaa', 'aab'])).batch, 'text')).toEqual(['aaa'])
  })

  it('uses rep_len 10 and max_ratio 0.5 by default', () => {
    const fox = 'The quick brown fox jumps over the lazy dog.'
    const cycled = 'abcdefghij'.repeat(5) // 41 10-grams, 10 distinct: only the top floor(sqrt(10)) = 3 count
    const out = make().process(batchOf(['a'.repeat(30), cycled, fox]))
    expect(readStrings(out.batch, 'text')).toEqual([cycled, fox])
    expect(readStat(out.batch, 'char_rep_ratio')).toEqual([13 / 41, 0])
    expect(out.rejected?.reasons).toEqual(['char_rep_ratio 1 > max_ratio 0.5'])
  })
})
