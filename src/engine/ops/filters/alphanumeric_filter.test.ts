import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { SieveError } from '../../../shared/errors'
import { rowsToBatch } from '../../io/schema'
import { resolveParams } from '../registry'
import type { StatFilter } from '../base'
import { readStat, readStrings } from '../batch'
import { alphanumericFilter } from './alphanumeric_filter'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const make = (params: Record<string, unknown> = {}): StatFilter =>
  alphanumericFilter.create(resolveParams(alphanumericFilter.info, params), { textKey: 'text' })
const ratio = (text: string): number => make().computeStats(batchOf([text])).stats[0]!

describe('alphanumeric_filter', () => {
  it('declares Data-Juicer’s parameters, defaults and stats key', () => {
    expect(alphanumericFilter.info.statsKey).toBe('alnum_ratio')
    expect(resolveParams(alphanumericFilter.info, {})).toEqual({ tokenization: false, min_ratio: 0.25, max_ratio: null })
  })

  it('is the share of str.isalnum() code points among all code points', () => {
    expect(ratio('ab12')).toBe(1)
    expect(ratio('a b!')).toBe(0.5)
    expect(ratio('👍🏽ab')).toBe(0.5) // the emoji is 2 code points, neither alphanumeric
    expect(ratio('𝔘!')).toBe(0.5) // an astral letter is one alphanumeric code point
    expect(ratio('漢字かな。')).toBe(4 / 5)
    expect(ratio('مرحبا!')).toBe(5 / 6)
    expect(ratio('١٢٣½²Ⅻ')).toBe(1) // Arabic-Indic digits, fractions, superscripts, Roman numerals: isnumeric
    expect(ratio('e\u0301')).toBe(0.5) // a combining mark is not alphanumeric
    expect(ratio('a\r\nb')).toBe(0.5) // \r\n is two characters
    expect(ratio('a\u2028b')).toBe(2 / 3)
  })

  it('gives 0.0 for empty and whitespace-only text', () => {
    expect(ratio('')).toBe(0)
    expect(ratio(' \t\u3000\n')).toBe(0)
  })

  it('keeps the closed interval [min_ratio, max_ratio] (Data-Juicer’s own test case)', () => {
    const texts = [
      'a=1\nb\nc=1+2+3+5\nd=6',
      "Today is Sund Sund Sund Sunda and it's a happy day!\nYou know",
      'a v s e e f g a qkc',
      '，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►',
      'Do you need a cup of coffee?',
      'emoji表情测试下😊，😸31231\n'
    ]
    const out = make({ min_ratio: 0.2, max_ratio: 0.9 }).process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual([texts[0], texts[1], texts[2], texts[4], texts[5]])
    expect(readStat(out.batch, 'alnum_ratio')).toEqual([10 / 19, 46 / 60, 11 / 19, 21 / 28, 15 / 19])
    expect(out.rejected?.reasons).toEqual([`alnum_ratio ${1 / 34} < min_ratio 0.2`])
  })

  it('includes both bounds, and has no upper bound by default', () => {
    const texts = ['a b!', 'ab12', '!!!!']
    expect(readStrings(make({ min_ratio: 0.5, max_ratio: 0.5 }).process(batchOf(texts)).batch, 'text')).toEqual(['a b!'])
    expect(readStrings(make({ min_ratio: 0.5 }).process(batchOf(texts)).batch, 'text')).toEqual(['a b!', 'ab12'])
    expect(readStrings(make({ min_ratio: 0, max_ratio: 0 }).process(batchOf([...texts, ''])).batch, 'text')).toEqual(['!!!!', ''])
    expect(readStrings(make().process(batchOf(['a!!!', 'a!!!!'])).batch, 'text')).toEqual(['a!!!'])
  })

  it('refuses tokenization=true, which needs a Hugging Face tokenizer', () => {
    expect(() => make({ tokenization: true })).toThrow(SieveError)
    expect(() => make({ tokenization: true })).toThrow(/tokenization.*Hugging Face tokenizer/)
  })
})
