import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../../testing'
import { readStat } from '../batch'
import { getOpDefinition, resolveParams } from '../index'
import { modelLoads } from '../../models/loaded'
import { findModels } from '../../models/needs'
import { ModelStore } from '../../models/store'
import type { RecipeOp } from '../../../shared/recipe'
import { ArpaModel } from '../../models/kenlm-arpa'
import { loadSentencePiece } from '../../models/sentencepiece'
import { LM_FIXTURES, readLmFixtures } from '../../models/testing-lm'
import { rowsToBatch } from '../../io/schema'
import { pythonRound1 } from './perplexity_filter'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const scratch = scratchDir('sieve-ppl-')
afterAll(() => scratch.remove())

/**
 * The paths findModels gives the operator from a model store holding the fixture models as
 * Data-Juicer's English pair: the KenLM model as ARPA text (en.arpa) or in KenLM's binary format
 * (en.arpa.bin, made from the same ARPA file by build_binary).
 */
function storeWithModels(kenlm: 'en.arpa' | 'en.arpa.bin', fixture: string): Record<string, string> {
  const dir = join(scratch.path, `models-${fixture}`)
  mkdirSync(dir, { recursive: true })
  copyFileSync(join(LM_FIXTURES, 'tiny.model'), join(dir, 'en.sp.model'))
  copyFileSync(join(LM_FIXTURES, fixture), join(dir, kenlm))
  const process = [{ name: 'perplexity_filter', params: {} }] as RecipeOp[]
  findModels(process, new ModelStore(dir))
  return process[0]!.models!
}

async function filter(params: Record<string, unknown> = {}, kenlm: 'en.arpa' | 'en.arpa.bin' = 'en.arpa', fixture = 'tiny.arpa') {
  const definition = getOpDefinition('perplexity_filter')
  const values = resolveParams(definition.info, params)
  const models = storeWithModels(kenlm, fixture)
  await definition.prepare!(values, models)
  const op = definition.create(values, { textKey: 'text', models })
  if (op.kind !== 'filter') throw new Error('perplexity_filter is a filter')
  return op
}

describe('perplexity_filter', () => {
  it('declares its models after lang, and its stat as Data-Juicer names it', () => {
    const definition = getOpDefinition('perplexity_filter')
    expect(definition.info).toMatchObject({ statsKey: 'perplexity', thresholds: { min: 'min_ppl', max: 'max_ppl' } })
    expect(definition.models!(resolveParams(definition.info, { lang: 'de' })).map((m) => m.name)).toEqual(['de.sp.model', 'de.arpa.bin'])
    expect(() => resolveParams(definition.info, { lang: 'en', max_ppl: -1 })).toThrow(/max_ppl/)
    expect(() => definition.create(resolveParams(definition.info, { lang: '../x' }), { textKey: 'text' })).toThrow(
      /perplexity_filter: '\.\.\/x' is not a language code/
    )
  })

  it("gives each document the perplexity IRSTLM's compile-lm gives its SentencePiece pieces, to one decimal", async () => {
    const fixtures = readLmFixtures()
    const op = await filter({ max_ppl: null })
    const stats = readStat(op.withStats(batchOf(fixtures.texts)), 'perplexity') as number[]
    expect(stats).toHaveLength(fixtures.texts.length)
    stats.forEach((stat, i) => {
      // IRSTLM prints two decimals; the stat is the exact value rounded to one.
      expect(Math.abs(stat - Number(fixtures.perplexity[i]!.pp))).toBeLessThanOrEqual(0.0501)
    })
    // And exactly Data-Juicer's arithmetic over the same pieces and scores.
    const sp = await loadSentencePiece(join(LM_FIXTURES, 'tiny.model'))
    const lm = await ArpaModel.load(join(LM_FIXTURES, 'tiny.arpa'))
    const expected = fixtures.texts.map((t) => {
      const pieces = sp.encodePieces(t)
      return pythonRound1(10 ** (-lm.score(pieces.join(' ')) / (pieces.length + 1)))
    })
    expect(stats).toEqual(expected)
  })

  it('keeps rows within min_ppl and max_ppl, saying which bound a dropped row passed', async () => {
    const fixtures = readLmFixtures()
    const op = await filter({ max_ppl: 100 })
    const out = op.process(batchOf(fixtures.texts), true)
    const expectedKept = fixtures.perplexity.filter((p) => Number(p.pp) <= 100).length
    expect(out.batch.numRows).toBe(expectedKept)
    expect(out.rejected!.reasons[0]).toMatch(/^perplexity \d+(\.\d)? > max_ppl 100$/)
  })

  for (const fixture of ['tiny.probing.bin', 'tiny.trie.bin']) {
    it(`with only en.arpa.bin (${fixture}) gives the same perplexities and keeps the same rows as with en.arpa`, async () => {
      const { texts } = readLmFixtures()
      const fromArpa = await filter({ max_ppl: 100 })
      const fromBinary = await filter({ max_ppl: 100 }, 'en.arpa.bin', fixture)
      expect(readStat(fromBinary.withStats(batchOf(texts)), 'perplexity')).toEqual(readStat(fromArpa.withStats(batchOf(texts)), 'perplexity'))
      const kept = (op: typeof fromArpa): unknown[] => op.process(batchOf(texts), true).batch.getChild('text')!.toArray() as unknown[]
      expect(kept(fromBinary)).toEqual(kept(fromArpa))
      expect(kept(fromBinary).length).toBeGreaterThan(0)
      expect(kept(fromBinary).length).toBeLessThan(texts.length)
    })
  }

  it('scores a text of several lines as one, as SentencePiece makes line breaks spaces; an empty text has perplexity 0', async () => {
    const op = await filter({ max_ppl: null })
    const stats = readStat(op.withStats(batchOf(['How many apples\ndid she buy?', 'How many apples did she buy?', ''])), 'perplexity')
    expect(stats![0]).toBe(stats![1])
    expect(stats![2]).toBe(0)
  })

  it('loads its models once per thread, however many operators and batches use them', async () => {
    await filter()
    const before = modelLoads()
    const op = await filter()
    await filter({ max_ppl: 10 })
    op.process(batchOf(['one text']), false)
    op.process(batchOf(['another text']), false)
    expect(modelLoads()).toBe(before)
  })

  it("rounds as Python's round(x, 1) does: the exact value, true ties to even", () => {
    const python: [number, number][] = [
      [0.25, 0.2],
      [0.75, 0.8],
      [2.25, 2.2],
      [0.35, 0.3],
      [1.45, 1.4],
      [55.65, 55.6],
      [1234.55, 1234.5],
      [0.05, 0.1],
      [12.3456, 12.3],
      [1e22, 1e22]
    ]
    for (const [x, rounded] of python) expect(pythonRound1(x)).toBe(rounded)
  })
})
