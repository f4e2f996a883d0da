import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import type { StatFilter } from '../base'
import { readStat, readStrings, STATS_COLUMN } from '../batch'
import { resolveParams } from '../registry'
import { flaggedWordsFilter } from './flagged_words_filter'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const make = (params: Record<string, unknown> = {}): StatFilter =>
  flaggedWordsFilter.create(resolveParams(flaggedWordsFilter.info, params), { textKey: 'text' })
const ratios = (params: Record<string, unknown>, texts: string[]): number[] => make(params).computeStats(batchOf(texts)).stats as number[]

describe('flagged_words_filter', () => {
  it("passes Data-Juicer's own English case (max_ratio 0.045)", () => {
    const texts = [
      'Today is anal cumshot day',
      'Fuck you doggystyle!',
      '，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►',
      'Do you need a cup of coffee?',
      'emoji表情测试下😊，😸31231\n'
    ]
    const out = make({ lang: 'en', max_ratio: 0.045 }).process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual(texts.slice(2))
    expect(readStat(out.batch, 'flagged_words_ratio')).toEqual([0, 0, 0])
    expect(out.rejected?.reasons).toEqual(['flagged_words_ratio 0.4 > max_ratio 0.045', 'flagged_words_ratio 0.6667 > max_ratio 0.045'])
    const field = out.batch.schema.fields.find((f) => f.name === STATS_COLUMN)
    expect(String(field?.type)).toBe('Struct<{flagged_words_ratio:Float64}>')
  })

  it('counts words after lower-casing and stripping emoji, digits and punctuation, by code point', () => {
    expect(ratios({}, ['FUCK👍🏽', '𝔘 fuck', '42fuck!!', 'fuck\r\nyou', 'fuck\u2028you', 'مرحبا fuck', '漢字 fuck', '', ' \t '])).toEqual([
      1,
      0.5,
      1,
      0.5,
      0, // U+2028 does not separate words
      0.5,
      0.5,
      0,
      0
    ])
  })

  it('keeps the closed interval [min_ratio, max_ratio]', () => {
    const texts = ['fuck you', 'you and me', 'fuck you fuck']
    const out = make({ min_ratio: 0, max_ratio: 0.5 }).process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual(['fuck you', 'you and me'])
    expect(out.rejected?.reasons).toEqual(['flagged_words_ratio 0.6667 > max_ratio 0.5'])
    const min = make({ min_ratio: 0.5, max_ratio: 1 }).process(batchOf(texts))
    expect(readStrings(min.batch, 'text')).toEqual(['fuck you', 'fuck you fuck'])
    expect(min.rejected?.reasons).toEqual(['flagged_words_ratio 0 < min_ratio 0.5'])
    // 1 of 23 words (0.0435) stays under the default 0.045; 1 of 22 (0.0455) does not.
    const filler = (n: number): string => Array.from({ length: n }, () => 'word').join(' ')
    expect(readStrings(make().process(batchOf([`fuck ${filler(22)}`, `fuck ${filler(21)}`])).batch, 'text')).toEqual([`fuck ${filler(22)}`])
  })

  it('uses the list of the chosen language; multi-word entries need word augmentation', () => {
    expect(ratios({ lang: 'ar' }, ['هذا سكس'])).toEqual([0.5])
    expect(ratios({ lang: 'zh' }, ['看 三级片'])).toEqual([0.5])
    expect(ratios({ lang: 'zh' }, ['看三级片'])).toEqual([0]) // no tokenization: one word
    expect(ratios({ lang: 'all' }, ['看 三级片 fuck'])).toEqual([2 / 3])
    expect(ratios({}, ['ball gag'])).toEqual([0])
    // ball, gag + 'ball gag': one flagged of three.
    expect(ratios({ use_words_aug: true, words_aug_join_char: ' ' }, ['ball gag'])).toEqual([1 / 3])
    expect(() => make({ lang: 'xx' })).toThrow(/no flagged words for language 'xx'/)
    expect(() => make({ tokenization: true, lang: 'e n' })).toThrow(/flagged_words_filter: 'e n' is not a language code/)
  })

  it('reads Data-Juicer style word files from flagged_words_dir', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sieve-flagged-'))
    writeFileSync(join(dir, 'flagged_words.json'), JSON.stringify({ en: ['spam'] }))
    writeFileSync(join(dir, 'stopwords.json'), JSON.stringify({ en: ['eggs'] }))
    expect(ratios({ flagged_words_dir: dir }, ['spam eggs fuck'])).toEqual([1 / 3])
  })
})
