import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { SieveError } from '../../../shared/errors'
import { rowsToBatch } from '../../io/schema'
import { resolveParams } from '../registry'
import type { StatFilter } from '../base'
import { readStat, readStrings } from '../batch'
import { wordsNumFilter } from './words_num_filter'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const make = (params: Record<string, unknown> = {}): StatFilter =>
  wordsNumFilter.create(resolveParams(wordsNumFilter.info, params), { textKey: 'text' })
const count = (text: string): number => make().computeStats(batchOf([text])).stats[0]!

describe('words_num_filter', () => {
  it('declares Data-Juicer’s parameters, defaults and stats key', () => {
    expect(wordsNumFilter.info.statsKey).toBe('num_words')
    expect(resolveParams(wordsNumFilter.info, {})).toEqual({ lang: 'en', tokenization: false, min_num: 10, max_num: null })
  })

  it('splits on spaces, tabs and newlines only, and strips special characters from word ends', () => {
    expect(count('Today is Sun')).toBe(3)
    expect(count('a, b. c!')).toBe(3)
    expect(count('foo-bar')).toBe(1) // inner punctuation stays
    expect(count('(hello) «world» —')).toBe(2) // '—' alone strips to nothing
    expect(count('--- !!! 123')).toBe(0) // digits are special characters too
    expect(count('a\tb\nc  d')).toBe(4)
    expect(count('a\rb')).toBe(1) // '\r' does not split…
    expect(count('a\r\nb')).toBe(2) // …but is stripped from a word's end
    expect(count('a\u2028b')).toBe(1)
    expect(count('a\u3000b')).toBe(1) // U+3000 does not split
    expect(count('\u200bword\u200b \u00adsoft\u00ad')).toBe(2)
  })

  it('counts code points, not UTF-16 units: emoji with modifiers, astral letters, CJK, Arabic', () => {
    expect(count('👍🏽 great 👍🏽')).toBe(1) // 👍 and 🏽 are both emoji: the word strips to nothing
    expect(count('𝔘nicode 𝔘')).toBe(2) // 𝔘 is a letter
    expect(count('漢字 かな')).toBe(2)
    expect(count('漢字かな')).toBe(1) // no spaces, one word
    expect(count('مرحبا بالعالم')).toBe(2)
  })

  it('gives 0 for empty and whitespace-only text', () => {
    expect(count('')).toBe(0)
    expect(count(' \t\n ')).toBe(0)
  })

  it('keeps the closed interval [min_num, max_num] (Data-Juicer’s own test case)', () => {
    const texts = [
      'Today is Sun',
      "Today is Sund Sund Sund Sund Sund Sunda and it's a happy day!",
      'a v s e c s f e f g a a a  ',
      '，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►'
    ]
    const out = make({ min_num: 5, max_num: 15 }).process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual([texts[1], texts[2]])
    expect(readStat(out.batch, 'num_words')).toEqual([13, 13])
    expect(out.rejected?.reasons).toEqual(['num_words 3 < min_num 5', 'num_words 1 < min_num 5'])
  })

  it('treats both bounds as inclusive, max_num null as no limit, and min_num 0 as keeping empty text', () => {
    const texts = ['a b', 'a b c', 'a b c d', '']
    expect(readStrings(make({ min_num: 3, max_num: 3 }).process(batchOf(texts)).batch, 'text')).toEqual(['a b c'])
    expect(readStrings(make({ min_num: 3 }).process(batchOf(texts)).batch, 'text')).toEqual(['a b c', 'a b c d'])
    expect(readStrings(make({ min_num: 0, max_num: 0 }).process(batchOf(texts)).batch, 'text')).toEqual([''])
    // Recipe validation refuses min_num above max_num; the operator given them still keeps nothing.
    const crossed = wordsNumFilter.create({ lang: 'en', tokenization: false, min_num: 4, max_num: 3 }, { textKey: 'text' })
    expect(crossed.process(batchOf(texts)).batch.numRows).toBe(0)
  })

  it('defaults to at least 10 words', () => {
    const out = make().process(batchOf(['one two three four five six seven eight nine', 'one two three four five six seven eight nine ten']))
    expect(readStat(out.batch, 'num_words')).toEqual([10])
  })

  it('with tokenization, needs the SentencePiece model of lang and cannot compute without it', () => {
    expect(wordsNumFilter.models!(resolveParams(wordsNumFilter.info, { tokenization: true, lang: 'zh' })).map((m) => m.name)).toEqual(['zh.sp.model'])
    expect(() => make({ tokenization: true, lang: 'zh' }).computeStats(batchOf(['some text']))).toThrow(SieveError)
    expect(() => make({ tokenization: true, lang: 'z h' })).toThrow(/words_num_filter: 'z h' is not a language code/)
  })
})
