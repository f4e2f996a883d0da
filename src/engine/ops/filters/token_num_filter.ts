import type { OpInfo } from '../../../shared/ops'
import { SieveError } from '../../../shared/errors'
import { declareParams, defineOp, type ParamValues } from '../define'
import { RangeFilter, type OpContext } from '../base'
import { requireLazily } from '../wordlist-text'
import { hfTokenizerModel, PYTHIA_TOKENIZER, type ModelSpec } from '../../models/catalog'
import { loadHfTokenizer, type HfTokenizer } from '../../models/hf-tokenizer'
import { loadedModel, prepareModel } from '../../models/loaded'

/**
 * The BPE encodings of the npm package gpt-tokenizer, used only where they are the named tokenizer
 * exactly: by their own names, and for GPT-2, whose Hugging Face tokenizer is r50k_base (same
 * byte-level pre-tokenizer pattern, same vocabulary and merges, <|endoftext|> its one special token).
 * Every other name is a Hugging Face tokenizer.json from the model store.
 */
type Encoding = 'cl100k_base' | 'o200k_base' | 'p50k_base' | 'r50k_base'
const ENCODINGS: readonly Encoding[] = ['cl100k_base', 'o200k_base', 'p50k_base', 'r50k_base']
const GPT2_NAMES = ['gpt2', 'openai-community/gpt2']

function encodingFor(name: string): Encoding | undefined {
  const lower = name.trim().toLowerCase()
  if ((ENCODINGS as readonly string[]).includes(lower)) return lower as Encoding
  return GPT2_NAMES.includes(lower) ? 'r50k_base' : undefined
}

/** The model-store tokenizer a name stands for, or none when an encoding counts it; a name that is neither is refused. */
function tokenizerModel(name: string, op: string): ModelSpec | undefined {
  if (encodingFor(name) !== undefined) return undefined
  try {
    return hfTokenizerModel(name.trim())
  } catch {
    throw new SieveError(
      'BAD_REQUEST',
      `${op}: tokenizer '${name}' is not available. Name a Hugging Face model as owner/name (such as ${PYTHIA_TOKENIZER} or google-bert/bert-base-uncased), whose tokenizer.json 'sieve models fetch' gets, or gpt2, or one of ${ENCODINGS.join(', ')}.`,
      { op, param: 'hf_tokenizer' }
    )
  }
}

interface TokenCounter {
  countTokens(text: string, options: { disallowedSpecial: Set<string> }): number
}

/** Each encoding's ranks are loaded once per thread, the first time an operator uses it (~90 ms, ~17 MB). */
const counters = new Map<Encoding, TokenCounter>()

function counter(encoding: Encoding): TokenCounter {
  let c = counters.get(encoding)
  if (c === undefined) {
    c = requireLazily(`gpt-tokenizer/encoding/${encoding}`) as TokenCounter
    counters.set(encoding, c)
  }
  return c
}

/**
 * Any text is counted as text, except '<|endoftext|>', which counts as one special token, as in
 * GPT-2's tokenizer. The text is split at it here because gpt-tokenizer finds an allowed special
 * token only at the start of the text ('hello<|endoftext|>world' would be 9 tokens, not 3).
 */
const END_OF_TEXT = '<|endoftext|>'
const AS_TEXT = { disallowedSpecial: new Set<string>() }

function countWith(encoding: TokenCounter, text: string): number {
  const pieces = text.split(END_OF_TEXT)
  return pieces.reduce((n, piece) => n + encoding.countTokens(piece, AS_TEXT), pieces.length - 1)
}

const params = declareParams([
  {
    name: 'hf_tokenizer',
    type: 'string',
    default: PYTHIA_TOKENIZER,
    description: `Tokenizer to count with: a Hugging Face model (owner/name) whose tokenizer.json is in the model store, gpt2, or one of ${ENCODINGS.join(', ')}.`
  },
  { name: 'min_num', type: 'int', default: 10, min: 0, description: 'Fewest tokens kept.' },
  { name: 'max_num', type: 'int', default: null, min: 0, description: 'Most tokens kept; empty for no limit.' }
])
type Params = ParamValues<typeof params>

/** Data-Juicer's token_num_filter (ops/filter/token_num_filter.py): len(tokenizer.tokenize(text)), kept when min_num <= n <= max_num. */
class TokenNumFilter extends RangeFilter<Params> {
  protected readonly statKind = 'int'
  private readonly count: (text: string) => number

  constructor(info: OpInfo, values: Params, context: OpContext) {
    super(info, values, context)
    const name = this.params.hf_tokenizer
    const model = tokenizerModel(name, info.name)
    if (model === undefined) {
      const encoding = counter(encodingFor(name)!)
      this.count = (text) => countWith(encoding, text)
    } else {
      const path = context.models?.[model.name] ?? model.name
      let tokenizer: HfTokenizer | undefined
      this.count = (text) => {
        tokenizer ??= loadedModel<HfTokenizer>('hf-tokenizer', path, info.name)
        return tokenizer.tokenize(text).length
      }
    }
  }

  protected computeStat(text: string): number {
    return text === '' ? 0 : this.count(text)
  }
}

export const tokenNumFilter = defineOp({
  name: 'token_num_filter',
  kind: 'filter',
  description:
    "Keeps rows whose number of tokens (pieces a language model reads) is between min_num and max_num inclusive, counted with the named Hugging Face tokenizer as Data-Juicer counts them (by default Pythia's, which must be in the model store).",
  statsKey: 'num_token',
  params,
  models: (values) => {
    const model = tokenizerModel(values.hf_tokenizer, 'token_num_filter')
    return model === undefined ? [] : [model]
  },
  prepare: async (values, paths) => {
    const model = tokenizerModel(values.hf_tokenizer, 'token_num_filter')
    const path = model === undefined ? undefined : paths[model.name]
    if (path !== undefined) await prepareModel('hf-tokenizer', path, loadHfTokenizer)
  },
  create: (info, values, context) => new TokenNumFilter(info, values, context)
})
