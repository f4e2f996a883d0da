import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { SieveError } from '../../../shared/errors'
import { rowsToBatch } from '../../io/schema'
import { resolveParams } from '../registry'
import type { StatFilter } from '../base'
import { readStat, readStrings } from '../batch'
import { wordRepetitionFilter, wordRepetitionRatio } from './word_repetition_filter'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const make = (params: Record<string, unknown> = {}): StatFilter =>
  wordRepetitionFilter.create(resolveParams(wordRepetitionFilter.info, params), { textKey: 'text' })
const ratio = (text: string, rep_len: number): number => make({ rep_len }).computeStats(batchOf([text])).stats[0]!

describe('word_repetition_filter', () => {
  it('declares Data-Juicer’s parameters, defaults and stats key', () => {
    expect(wordRepetitionFilter.info.statsKey).toBe('word_rep_ratio')
    expect(resolveParams(wordRepetitionFilter.info, {})).toEqual({ lang: 'en', tokenization: false, rep_len: 10, min_ratio: 0, max_ratio: 0.5 })
    expect(() => resolveParams(wordRepetitionFilter.info, { rep_len: 0 })).toThrow(/at least 1/)
  })

  it('is the share of word n-grams that occur more than once', () => {
    expect(ratio('a b a b', 2)).toBe(2 / 3) // 'a b' twice, 'b a' once
    expect(ratio('one two three', 1)).toBe(0)
    expect(wordRepetitionRatio(['x', 'y', 'x', 'y', 'x', 'z'], 2)).toBe(4 / 5) // 'x y' twice, 'y x' twice, 'x z' once
  })

  it('lower-cases words and strips special characters from their ends first', () => {
    expect(ratio('The cat. the CAT!', 1)).toBe(1)
    expect(ratio('The cat. the CAT!', 2)).toBe(2 / 3)
    expect(ratio('İ i\u0307', 1)).toBe(1) // 'İ'.lower() is 'i' + U+0307, as in Python
    expect(ratio('ΣΑΣ σας', 1)).toBe(1) // final sigma
    expect(ratio('a\r\na\r\nb', 1)).toBe(2 / 3) // split on \n, '\r' stripped
    expect(ratio('a\u2028a', 1)).toBe(0) // U+2028 does not split words
  })

  it('handles emoji with modifiers, astral letters, CJK and Arabic', () => {
    expect(ratio('👍🏽 go 👍🏽 go', 1)).toBe(1) // emoji-only words strip to nothing and are dropped
    expect(ratio('𝔘 𝔘 x', 1)).toBe(2 / 3)
    expect(ratio('使用使用使用', 1)).toBe(0) // no spaces: one word
    expect(ratio('使用 使用 方案', 1)).toBe(2 / 3)
    expect(ratio('مرحبا مرحبا', 1)).toBe(1)
  })

  it('gives 0.0 with fewer words than rep_len, for empty and whitespace-only text', () => {
    expect(ratio('one two', 3)).toBe(0)
    expect(ratio('', 1)).toBe(0)
    expect(ratio(' \t\n ', 1)).toBe(0)
  })

  it('keeps the closed interval [min_ratio, max_ratio] (Data-Juicer’s own English test case)', () => {
    const texts = [
      "Today is Sunday Sunday Sunday Sunday Sunday and it's a happy day!",
      "Today is Sunday Sunday Sunday and it's a happy day!",
      "Today is Sund Sund Sund Sund Sund Sunda and it's a happy day!",
      "plusieurs èrdash@hqbchd.ckd d'accéder à ces wwwasdasd fonc",
      'This proposed a novel proposed pretraining proposed pretraining.'
    ]
    const out = make({ rep_len: 3, min_ratio: 0.0, max_ratio: 0.2 }).process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual([texts[1], texts[3], texts[4]])
    expect(readStat(out.batch, 'word_rep_ratio')).toEqual([0, 0, 0])
    expect(out.rejected?.reasons).toEqual(['word_rep_ratio 0.3 > max_ratio 0.2', `word_rep_ratio ${3 / 11} > max_ratio 0.2`])
  })

  it('includes both bounds, and uses rep_len 10, max_ratio 0.5 by default', () => {
    const texts = ['a b a b', 'a b c d', 'a a a a']
    expect(readStrings(make({ rep_len: 2, min_ratio: 2 / 3, max_ratio: 2 / 3 }).process(batchOf(texts)).batch, 'text')).toEqual(['a b a b'])
    expect(readStrings(make({ rep_len: 2, min_ratio: 1, max_ratio: 1 }).process(batchOf(texts)).batch, 'text')).toEqual(['a a a a'])
    const ten = 'w0 w1 w2 w3 w4 w5 w6 w7 w8 w9'
    expect(readStat(make().process(batchOf([`${ten} ${ten} ${ten}`, ten])).batch, 'word_rep_ratio')).toEqual([0])
  })

  it('with tokenization, cannot compute without the SentencePiece model the recipe check finds first', () => {
    expect(() => make({ tokenization: true, lang: 'zh' }).computeStats(batchOf(['some text']))).toThrow(SieveError)
  })
})
