import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { resolveParams } from '../registry'
import type { StatFilter } from '../base'
import { readStat, readStrings } from '../batch'
import { isSpecialCodePoint } from '../special_characters'
import { specialCharactersFilter } from './special_characters_filter'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const make = (params: Record<string, unknown> = {}): StatFilter =>
  specialCharactersFilter.create(resolveParams(specialCharactersFilter.info, params), { textKey: 'text' })
const ratio = (text: string): number => make().computeStats(batchOf([text])).stats[0]!
const special = (ch: string): boolean => isSpecialCodePoint(ch.codePointAt(0)!)

describe('SPECIAL_CHARACTERS', () => {
  it('holds ASCII punctuation, digits and whitespace, but not letters', () => {
    for (const ch of '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~0123456789 \t\n\r\x0b\x0c') expect(special(ch)).toBe(true)
    for (const ch of 'azAZ𝔘é漢ع') expect(special(ch)).toBe(false)
  })

  it('holds the other symbols of Data-Juicer’s list, invisible ones included', () => {
    for (const ch of '’“”–ー一…€«»°·×（）§−±¢½¼¾¹²³，。、：；！？【】《》「」—❖™©®\u3000\ufffc\u200b\u00ad\ufeff') expect(special(ch)).toBe(true)
    for (const ch of '\u2028\u2029\x85\u2236━〈％') expect(special(ch)).toBe(false)
  })

  it('holds the single-code-point emoji of emoji 2.2.0, skin-tone modifiers included, not regional indicators or U+FE0F', () => {
    for (const ch of ['👍', '🏽', '😊', '😸', '❤', '☺', '🫸', '🩷']) expect(special(ch)).toBe(true)
    for (const ch of ['🇫', '\ufe0f', '🛘', '🫩']) expect(special(ch)).toBe(false) // 🛘 and 🫩 came after emoji 2.2.0
  })
})

describe('special_characters_filter', () => {
  it('declares Data-Juicer’s parameters, defaults and stats key', () => {
    expect(specialCharactersFilter.info.statsKey).toBe('special_char_ratio')
    expect(resolveParams(specialCharactersFilter.info, {})).toEqual({ min_ratio: 0, max_ratio: 0.25 })
  })

  it('is the share of code points in SPECIAL_CHARACTERS', () => {
    expect(ratio('abc')).toBe(0)
    expect(ratio('a!')).toBe(0.5)
    expect(ratio('12ab')).toBe(0.5)
    expect(ratio('a b\tc\nd')).toBe(3 / 7)
    expect(ratio('\r\n')).toBe(1)
    expect(ratio('a\u2028')).toBe(0) // U+2028 is not in the set
    expect(ratio('½ × ½ = ¼')).toBe(1)
    expect(ratio('e\u0301')).toBe(0)
  })

  it('counts code points: emoji with modifiers, flags, astral letters, CJK, Arabic', () => {
    expect(ratio('👍🏽')).toBe(1) // two code points, both emoji
    expect(ratio('👍🏽a')).toBe(2 / 3)
    expect(ratio('🇫🇷')).toBe(0) // a flag is a sequence; its halves are not keys
    expect(ratio('❤️')).toBe(0.5) // ❤ is, U+FE0F is not
    expect(ratio('𝔘')).toBe(0)
    expect(ratio('漢字。')).toBe(1 / 3)
    expect(ratio('مرحبا،')).toBe(1 / 6) // the Arabic comma is in the list
  })

  it('gives 0.0 for empty text and 1.0 for whitespace-only text', () => {
    expect(ratio('')).toBe(0)
    expect(ratio(' \t\u3000\n')).toBe(1)
  })

  it('keeps the closed interval [min_ratio, max_ratio] (Data-Juicer’s own test case)', () => {
    const texts = [
      "Today is Sunday and it's a happy day!",
      "Today is Sund Sund Sund Sund Sunda and it's a happy day!",
      'a v s e c s f e f g a qkc',
      '，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►',
      'Do you need a cup of coffee?',
      'emoji表情测试下😊，😸31231'
    ]
    const out = make({ min_ratio: 0.0, max_ratio: 0.25 }).process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual([texts[0], texts[1], texts[4]])
    expect(readStat(out.batch, 'special_char_ratio')).toEqual([9 / 37, 13 / 56, 0.25]) // 0.25 is kept: the bound is inclusive
    expect(out.rejected?.reasons).toEqual([
      'special_char_ratio 0.44 > max_ratio 0.25',
      `special_char_ratio ${29 / 34} > max_ratio 0.25`,
      `special_char_ratio ${8 / 18} > max_ratio 0.25`
    ])
  })

  it('includes the lower bound too', () => {
    const texts = ['abc', 'a!', '!!']
    expect(readStrings(make({ min_ratio: 0.5, max_ratio: 0.5 }).process(batchOf(texts)).batch, 'text')).toEqual(['a!'])
    expect(readStrings(make({ min_ratio: 1, max_ratio: 1 }).process(batchOf(texts)).batch, 'text')).toEqual(['!!'])
    expect(readStrings(make({ min_ratio: 0, max_ratio: 0 }).process(batchOf([...texts, ''])).batch, 'text')).toEqual(['abc', ''])
  })
})
