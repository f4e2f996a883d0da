import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import type { StatFilter } from '../base'
import { readStat, readStrings, STATS_COLUMN } from '../batch'
import { resolveParams } from '../registry'
import { tokenNumFilter } from './token_num_filter'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const make = (params: Record<string, unknown> = {}): StatFilter =>
  tokenNumFilter.create(resolveParams(tokenNumFilter.info, params), { textKey: 'text' })
const counts = (params: Record<string, unknown>, texts: string[]): number[] => make(params).computeStats(batchOf(texts)).stats as number[]

// Data-Juicer's test texts, and the counts its test (tests/ops/filter/test_token_num_filter.py) expects from
// its default tokenizer, EleutherAI/pythia-6.9b-deduped.
const PYTHIA_COUNTS = [10, 8, 9, 31, 14, 12]
const DJ_TEXTS = [
  "Today is Sunday and it's a happy day!",
  'Do you need a cup of coffee?',
  '你好，请问你是谁',
  "Sur la plateforme MT4, plusieurs manières d'accéder à ces fonctionnalités sont conçues simultanément.",
  '欢迎来到阿里巴巴！',
  'This paper proposed a novel method on LLM pretraining.'
]

describe('token_num_filter', () => {
  it("counts four of Data-Juicer's six texts exactly as its Pythia tokenizer does, and the other two within 15%", () => {
    // cl100k_base stands in for Pythia's tokenizer, which Sieve cannot download.
    const ours = counts({}, DJ_TEXTS)
    expect([0, 1, 4, 5].map((i) => ours[i])).toEqual([0, 1, 4, 5].map((i) => PYTHIA_COUNTS[i]))
    ours.forEach((n, i) => expect(Math.abs(n - PYTHIA_COUNTS[i]!), DJ_TEXTS[i]).toBeLessThanOrEqual(0.15 * PYTHIA_COUNTS[i]!))
    // Where they differ (你好，请问你是谁 and the French sentence), cl100k_base's own counts, pinned.
    expect([ours[2], ours[3]]).toEqual([8, 27])
  })

  it("keeps the same rows as Data-Juicer's filter test (min_num 10, max_num 20) and records num_token", () => {
    const out = make({ min_num: 10, max_num: 20 }).process(batchOf(DJ_TEXTS))
    expect(readStrings(out.batch, 'text')).toEqual([DJ_TEXTS[0], DJ_TEXTS[4], DJ_TEXTS[5]])
    expect(readStat(out.batch, 'num_token')).toEqual([10, 14, 12])
    expect(out.rejected?.reasons).toEqual(['num_token 8 < min_num 10', 'num_token 8 < min_num 10', 'num_token 27 > max_num 20'])
    const field = out.batch.schema.fields.find((f) => f.name === STATS_COLUMN)
    expect(String(field?.type)).toBe('Struct<{num_token:Int64}>')
  })

  it('counts emoji, astral letters, CJK, Arabic, line breaks, empty and whitespace-only text', () => {
    expect(counts({ min_num: 0 }, ['👍🏽', '𝔘', '漢字', 'مرحبا بالعالم', 'a\r\nb', 'a\u2028b', '', ' ', '   \t\n'])).toEqual([
      6, 3, 3, 10, 3, 4, 0, 1, 2
    ])
  })

  it('treats special-token text as text, except <|endoftext|>', () => {
    expect(counts({}, ['<|endoftext|>', '<|fim_prefix|>'])).toEqual([1, 7])
  })

  it('keeps the closed interval; max_num defaults to no limit', () => {
    const texts = ['hello world', 'hello world hello', 'hello world hello world']
    expect(counts({}, texts)).toEqual([2, 3, 4])
    expect(readStrings(make({ min_num: 3, max_num: 3 }).process(batchOf(texts)).batch, 'text')).toEqual([texts[1]])
    expect(readStrings(make({ min_num: 0 }).process(batchOf(['', 'x'.repeat(10_000)])).batch, 'text')).toHaveLength(2)
    expect(readStrings(make().process(batchOf(['hello world'])).batch, 'text')).toEqual([])
  })

  it('accepts GPT-2 (exactly r50k_base) and the encodings by name, and refuses other tokenizers', () => {
    expect(counts({ hf_tokenizer: 'gpt2' }, ['漢字'])).toEqual([5])
    expect(counts({ hf_tokenizer: 'openai-community/gpt2' }, ['漢字'])).toEqual([5])
    expect(counts({ hf_tokenizer: 'EleutherAI/pythia-160m' }, ['漢字'])).toEqual([3])
    expect(counts({ hf_tokenizer: 'o200k_base' }, ["Today is Sunday and it's a happy day!"])).toEqual([9])
    expect(() => make({ hf_tokenizer: 'Qwen/Qwen2-7B' })).toThrow(/tokenizer 'Qwen\/Qwen2-7B' is not available/)
  })
})
