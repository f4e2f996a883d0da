import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import type { StatFilter } from '../base'
import { readStat, readStrings, STATS_COLUMN } from '../batch'
import { resolveParams } from '../registry'
import { refinedWords, stripChars } from '../words'
import { stopwordsFilter } from './stopwords_filter'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const make = (params: Record<string, unknown> = {}): StatFilter =>
  stopwordsFilter.create(resolveParams(stopwordsFilter.info, params), { textKey: 'text' })
const ratios = (params: Record<string, unknown>, texts: string[]): number[] => make(params).computeStats(batchOf(texts)).stats as number[]

describe('Data-Juicer words (get_words_from_document + words_refinement)', () => {
  it('splits on space, newline and tab only, lower-cases and strips special characters from both ends', () => {
    expect(refinedWords('The  cat,\tis\n"on" the mat!', true)).toEqual(['the', 'cat', 'is', 'on', 'the', 'mat'])
    // \r is not a separator but is string.whitespace, so it is stripped from the word's end.
    expect(refinedWords('the\r\ncat', true)).toEqual(['the', 'cat'])
    // U+2028 and U+3000 are not separators; U+2028 is not special, U+3000 is (OTHER_SPECIAL_CHARACTERS).
    expect(refinedWords('the\u2028cat', true)).toEqual(['the\u2028cat'])
    expect(refinedWords('the\u3000cat\u3000', true)).toEqual(['the\u3000cat'])
    expect(refinedWords('', true)).toEqual([])
    expect(refinedWords(' \t\n\r ', true)).toEqual([])
  })

  it('strips by code point: emoji with modifiers and digits go, astral letters and CJK stay', () => {
    expect(stripChars('👍🏽')).toBe('')
    expect(stripChars('👍🏽wow👍🏽')).toBe('wow')
    expect(stripChars('𝔘𝔘')).toBe('𝔘𝔘')
    expect(stripChars('42漢字。')).toBe('漢字')
    expect(stripChars('«ok»')).toBe('ok')
    // Regional indicators are not single-code-point emoji keys, so a flag survives.
    expect(stripChars('🇫🇷')).toBe('🇫🇷')
    // Lower-casing comes first: 'Г' is special, 'г' is not.
    expect(refinedWords('Г', true)).toEqual(['г'])
  })

  it('augments with runs of consecutive refined words for each group size', () => {
    const aug = { useWordsAug: true, wordsAugGroupSizes: [2, 3], wordsAugJoinChar: '_' }
    expect(refinedWords('a b, c', true, aug)).toEqual(['a', 'b', 'c', 'a_b', 'b_c', 'a_b_c'])
    expect(refinedWords('a', true, aug)).toEqual(['a'])
  })
})

describe('stopwords_filter', () => {
  it('records stopwords_ratio as a float and keeps [0.3, 1.0] by default', () => {
    const filter = make()
    const texts = ['The cat is on the mat', 'cat mat 𝔘 katze', '👍🏽 The, cat!', 'the\r\ncat', 'the\u2028cat', '我的猫', '', ' \t\n ']
    const out = filter.process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual(['The cat is on the mat', '👍🏽 The, cat!', 'the\r\ncat'])
    expect(readStat(out.batch, 'stopwords_ratio')).toEqual([4 / 6, 0.5, 0.5])
    expect(out.rejected?.reasons).toEqual([
      'stopwords_ratio 0 < min_ratio 0.3',
      'stopwords_ratio 0 < min_ratio 0.3',
      'stopwords_ratio 0 < min_ratio 0.3',
      'stopwords_ratio 0 < min_ratio 0.3',
      'stopwords_ratio 0 < min_ratio 0.3'
    ])
    const field = out.batch.schema.fields.find((f) => f.name === STATS_COLUMN)
    expect(String(field?.type)).toBe('Struct<{stopwords_ratio:Float64}>')
  })

  it('keeps the closed interval at both edges', () => {
    const texts = ['the cat', 'the is cat', 'cat dog']
    expect(ratios({}, texts)).toEqual([0.5, 2 / 3, 0])
    const out = make({ min_ratio: 0.5, max_ratio: 0.5 }).process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual(['the cat'])
    expect(out.rejected?.reasons).toEqual(['stopwords_ratio 0.6667 > max_ratio 0.5', 'stopwords_ratio 0 < min_ratio 0.5'])
    expect(readStrings(make({ min_ratio: 0, max_ratio: 1 }).process(batchOf(texts)).batch, 'text')).toEqual(texts)
  })

  it('uses the list of the chosen language, or all of them merged', () => {
    expect(ratios({ lang: 'de' }, ['Der Hund und die Katze'])).toEqual([3 / 5])
    expect(ratios({ lang: 'ar' }, ['ذهبت في من البيت'])).toEqual([0.5])
    expect(ratios({ lang: 'en' }, ['Der Hund und die Katze'])).toEqual([0])
    // 'the' is English, 'und' German: 'all' merges every language's list.
    expect(ratios({ lang: 'en' }, ['the Hund und'])).toEqual([1 / 3])
    expect(ratios({ lang: 'all' }, ['the Hund und'])).toEqual([2 / 3])
    expect(() => make({ lang: 'xx' })).toThrow(/no stopwords for language 'xx'.*Known: af, ar/)
  })

  it('augments words for languages without spaces', () => {
    // 我, 的, 猫 + 我的, 的猫: only 我 and 的 are Chinese stopwords.
    expect(ratios({ lang: 'zh', use_words_aug: true }, ['我 的 猫'])).toEqual([2 / 5])
    expect(ratios({ lang: 'zh' }, ['我 的 猫'])).toEqual([2 / 3])
    expect(ratios({ lang: 'zh', use_words_aug: true, words_aug_group_sizes: [1] }, ['我 的 猫'])).toEqual([4 / 6])
    expect(() => make({ words_aug_group_sizes: [0] })).toThrow(/positive integers/)
    expect(() => make({ words_aug_group_sizes: ['two'] })).toThrow(/must be a list of integers/)
  })

  it('reads Data-Juicer style word files from stopwords_dir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sieve-stopwords-'))
    writeFileSync(join(dir, 'stopwords.json'), JSON.stringify({ en: ['cat'], fr: ['le'] }))
    writeFileSync(join(dir, 'more_stopwords.json'), JSON.stringify({ en: ['mat'] }))
    writeFileSync(join(dir, 'unrelated.json'), JSON.stringify({ en: ['the'] }))
    expect(ratios({ stopwords_dir: dir }, ['the cat sat on the mat'])).toEqual([2 / 6])
    expect(ratios({ stopwords_dir: dir, lang: 'all' }, ['le cat'])).toEqual([1])
    const empty = mkdtempSync(join(tmpdir(), 'sieve-stopwords-empty-'))
    expect(() => make({ stopwords_dir: empty })).toThrow(/holds no stopwords JSON file/)
  })

  it('with tokenization, needs the SentencePiece model of lang (see sentencepiece-words.test.ts)', () => {
    expect(stopwordsFilter.models!(resolveParams(stopwordsFilter.info, { tokenization: true, lang: 'de' })).map((m) => m.name)).toEqual([
      'de.sp.model'
    ])
    expect(stopwordsFilter.models!(resolveParams(stopwordsFilter.info, { lang: 'de' }))).toEqual([])
  })

  it('reuses a stat already present', () => {
    const withStats = make().computeStats(batchOf(['the cat'])).batch
    const again = make()
    again.computeStats(withStats)
    expect(again.counters.textBytesIn).toBe(0)
  })
})
