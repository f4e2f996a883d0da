import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { rowsToBatch } from '../io/schema'
import { LM_FIXTURES, readLmFixtures } from '../models/testing-lm'
import { modelsNeeded } from '../models/needs'
import type { StatFilter } from './base'
import { getOpDefinition, resolveParams } from './index'
import { isSpecialCodePoint } from './special_characters'
import { wordsRefinement } from './words'
import { wordRepetitionRatio } from './filters/word_repetition_filter'

const scratch = scratchDir('sieve-sp-words-')
afterAll(() => scratch.remove())

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )

const models = { 'en.sp.model': join(LM_FIXTURES, 'tiny.model') }
const fixtures = readLmFixtures()
/** spm_encode's pieces, refined as Data-Juicer refines words. */
const refined = (lowerCase: boolean): string[][] =>
  fixtures.pieces.map((pieces) => wordsRefinement(pieces, { lowerCase, stripChars: isSpecialCodePoint }))

async function stats(name: string, params: Record<string, unknown>): Promise<number[]> {
  const definition = getOpDefinition(name)
  const values = resolveParams(definition.info, { tokenization: true, lang: 'en', ...params })
  await definition.prepare!(values, models)
  const op = definition.create(values, { textKey: 'text', models }) as StatFilter
  return op.computeStats(batchOf(fixtures.texts)).stats as number[]
}

/** A word-list folder in Data-Juicer's form, holding some of the pieces (with their ▁, as Data-Juicer compares them). */
function wordListDir(type: string): { dir: string; words: Set<string> } {
  const words = ['▁the', '▁of', 'ing', 's', '▁how']
  const dir = join(scratch.path, type)
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${type}.json`), JSON.stringify({ en: words }))
  return { dir, words: new Set(words) }
}

describe('tokenization: true splits words with the SentencePiece model of lang', () => {
  it('declares LANG.sp.model for each word filter, so a recipe without it is refused up front', () => {
    for (const name of ['words_num_filter', 'word_repetition_filter', 'stopwords_filter', 'flagged_words_filter']) {
      expect(modelsNeeded([{ name, params: { tokenization: true, lang: 'fr' } }]).map((n) => n.spec.name)).toEqual(['fr.sp.model'])
      expect(modelsNeeded([{ name, params: { lang: 'fr' } }])).toEqual([])
    }
  })

  it("words_num_filter counts spm_encode's pieces left after refinement", async () => {
    expect(await stats('words_num_filter', { min_num: 0 })).toEqual(refined(false).map((w) => w.length))
  })

  it("word_repetition_filter measures repetition over spm_encode's lower-cased pieces", async () => {
    const ratios = await stats('word_repetition_filter', { rep_len: 2 })
    expect(ratios).toEqual(refined(true).map((w) => wordRepetitionRatio(w, 2)))
    expect(ratios.some((r) => r > 0)).toBe(true)
  })

  it("stopwords_filter and flagged_words_filter look spm_encode's pieces up in their lists", async () => {
    for (const [name, type] of [
      ['stopwords_filter', 'stopwords'],
      ['flagged_words_filter', 'flagged_words']
    ] as const) {
      const { dir, words } = wordListDir(type)
      const ratios = await stats(name, { [`${type}_dir`]: dir, min_ratio: 0, max_ratio: 1 })
      const expected = refined(true).map((w) => (w.length === 0 ? 0 : w.filter((x) => words.has(x)).length / w.length))
      expect(ratios).toEqual(expected)
      expect(ratios.some((r) => r > 0)).toBe(true)
    }
  })
})
