import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Field, Schema, Utf8 } from 'apache-arrow'
import { afterAll, describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { resolveParams } from '../registry'
import type { Deduplicator } from '../global'
import { documentMinhashDeduplicator, optimalParams } from './document_minhash_deduplicator'
import { scratchDir } from '../../testing'
import { makeCorpus, parquetRows, recipeFrom, runToEnd } from '../../job/testing-jobs'

const schema = new Schema([new Field('text', new Utf8(), true)])
const create = (params: Record<string, unknown> = {}): Deduplicator =>
  documentMinhashDeduplicator.create(resolveParams(documentMinhashDeduplicator.info, params), { textKey: 'text' })

function duplicates(texts: string[], params: Record<string, unknown> = {}): number[] {
  return create(params).droppedIn(
    rowsToBatch(
      texts.map((t) => [t]),
      schema
    )
  )
}

/** Shingles as Data-Juicer makes them with tokenization 'space', for the exact Jaccard ground truth. */
function shingles(text: string, window = 5): Set<string> {
  const tokens = text.toLowerCase().split(' ')
  while (tokens.length > 0 && tokens[tokens.length - 1] === '') tokens.pop()
  const out = new Set<string>()
  for (let i = 0; i < tokens.length - window; i++) out.add(tokens.slice(i, i + window).join(' '))
  return out
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1
  let common = 0
  for (const x of a) if (b.has(x)) common++
  return common / (a.size + b.size - common)
}

const scratch = scratchDir('minhash')
afterAll(() => scratch.remove())

describe('document_minhash_deduplicator', () => {
  it('chooses LSH bands and rows whose threshold sits near jaccard_threshold', () => {
    for (const threshold of [0.5, 0.7, 0.9]) {
      const [b, r] = optimalParams(threshold, 256)
      expect(b * r).toBeLessThanOrEqual(256)
      expect(Math.abs((1 / b) ** (1 / r) - threshold)).toBeLessThan(0.12)
    }
  })

  it('keeps the first of a near-duplicate cluster and leaves different texts alone', () => {
    const base = 'the quick brown fox jumps over the lazy dog near the river bank every single morning before sunrise'
    const texts = [
      base,
      `Indeed, ${base}`,
      'a completely different sentence about cooking pasta with garlic olive oil and fresh basil leaves',
      base.toUpperCase()
    ]
    expect(duplicates(texts)).toEqual([1, 3])
    expect(duplicates(texts, { lowercase: false })).toEqual([1])
  })

  it("keeps Data-Juicer's quirk: texts of at most window_size tokens have no shingles and count as duplicates of each other", () => {
    expect(duplicates(['one two three', 'four five six seven eight', 'a long enough text with more than five tokens in it'])).toEqual([1])
  })

  it('refuses sentencepiece tokenization with a reason', () => {
    expect(() => create({ tokenization: 'sentencepiece' })).toThrow(/needs a SentencePiece model/)
  })

  it('finds the near-duplicates of a generated corpus with recall and precision of at least 0.95', () => {
    const path = makeCorpus(join(scratch.path, 'corpus.jsonl'), 1500, 3)
    const texts = readFileSync(path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { text: string }).text)
    const sets = texts.map((t) => shingles(t))
    const truth = new Set<number>()
    for (let j = 0; j < texts.length; j++) {
      for (let i = 0; i < j; i++) {
        if (jaccard(sets[i]!, sets[j]!) >= 0.7) {
          truth.add(j)
          break
        }
      }
    }
    const found = new Set(duplicates(texts))
    let both = 0
    for (const j of found) if (truth.has(j)) both++
    const precision = both / found.size
    const recall = both / truth.size
    console.log(
      `[minhash] ${texts.length} texts: ${truth.size} true near-duplicates, ${found.size} found; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`
    )
    expect(truth.size).toBeGreaterThan(50)
    expect(precision).toBeGreaterThanOrEqual(0.95)
    expect(recall).toBeGreaterThanOrEqual(0.95)
  })

  it('gives the same output with np=1 and np=2, across partitions', async () => {
    const path = makeCorpus(join(scratch.path, 'corpus.jsonl'), 1500, 3)
    const recipe = (np: number): ReturnType<typeof recipeFrom> =>
      recipeFrom(
        `dataset_path: ${path}\nexport_path: ${join(scratch.path, `np${np}`, 'out.parquet')}\nwork_dir: ${join(scratch.path, `np${np}`, 'work')}\nnp: ${np}\npartition_size: 200\nprocess:\n  - document_minhash_deduplicator:\n`,
        scratch.path
      )
    const one = recipe(1)
    const two = recipe(2)
    await runToEnd(one)
    await runToEnd(two)
    const rows = await parquetRows(one.export_path)
    expect(rows.length).toBeLessThan(1500)
    expect(await parquetRows(two.export_path)).toEqual(rows)
  })
})
