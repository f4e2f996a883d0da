import type { OpInfo } from '../../../shared/ops'
import { SieveError } from '../../../shared/errors'
import { declareParams, defineOp, type ParamValues } from '../define'
import { RangeFilter, type OpContext } from '../base'
import { requireLazily } from '../wordlist-text'

/**
 * The BPE encodings of the npm package gpt-tokenizer. Data-Juicer counts with a Hugging Face
 * tokenizer, by default EleutherAI/pythia-6.9b-deduped (the GPT-NeoX-20B BPE), which Sieve cannot
 * download; cl100k_base is the encoding whose counts come closest to it on Data-Juicer's own test
 * texts (exact on English, within a few tokens on accented and Chinese text), so it stands in for
 * the Pythia/NeoX tokenizers. GPT-2's tokenizer is exactly r50k_base.
 */
type Encoding = 'cl100k_base' | 'o200k_base' | 'p50k_base' | 'r50k_base'
const ENCODINGS: readonly Encoding[] = ['cl100k_base', 'o200k_base', 'p50k_base', 'r50k_base']

const HF_NAMES: Record<string, Encoding> = {
  gpt2: 'r50k_base',
  'openai-community/gpt2': 'r50k_base',
  'eleutherai/gpt-neox-20b': 'cl100k_base'
}

function encodingFor(name: string): Encoding | undefined {
  const lower = name.trim().toLowerCase()
  if ((ENCODINGS as readonly string[]).includes(lower)) return lower as Encoding
  if (lower.startsWith('eleutherai/pythia-')) return 'cl100k_base'
  return HF_NAMES[lower]
}

interface TokenCounter {
  countTokens(text: string, options?: { allowedSpecial?: Set<string>; disallowedSpecial?: Set<string> }): number
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
 * Any text is counted as text; only '<|endoftext|>' counts as the one special token, as it does in
 * the Pythia tokenizer (gpt-tokenizer would otherwise throw on special-token text).
 */
const COUNT_OPTIONS = { allowedSpecial: new Set(['<|endoftext|>']), disallowedSpecial: new Set<string>() }

const params = declareParams([
  {
    name: 'hf_tokenizer',
    type: 'string',
    default: 'EleutherAI/pythia-6.9b-deduped',
    description: 'Tokenizer to count with: EleutherAI/pythia-* (approximated by cl100k_base), gpt2, cl100k_base, o200k_base, p50k_base or r50k_base.'
  },
  { name: 'min_num', type: 'int', default: 10, min: 0, description: 'Fewest tokens kept.' },
  { name: 'max_num', type: 'int', default: null, min: 0, description: 'Most tokens kept; empty for no limit.' }
])
type Params = ParamValues<typeof params>

/** Data-Juicer's token_num_filter (ops/filter/token_num_filter.py): len(tokenizer.tokenize(text)), kept when min_num <= n <= max_num. */
class TokenNumFilter extends RangeFilter<Params> {
  protected readonly statKind = 'int'
  private readonly tokenizer: TokenCounter

  constructor(info: OpInfo, values: Params, context: OpContext) {
    super(info, values, context)
    const name = this.params.hf_tokenizer
    const encoding = encodingFor(name)
    if (encoding === undefined) {
      throw new SieveError(
        'BAD_REQUEST',
        `${info.name}: tokenizer '${name}' is not available. Use EleutherAI/pythia-* (counted with cl100k_base), gpt2, or one of ${ENCODINGS.join(', ')}.`,
        { op: info.name, param: 'hf_tokenizer' }
      )
    }
    this.tokenizer = counter(encoding)
  }

  protected computeStat(text: string): number {
    return text === '' ? 0 : this.tokenizer.countTokens(text, COUNT_OPTIONS)
  }
}

export const tokenNumFilter = defineOp({
  name: 'token_num_filter',
  kind: 'filter',
  description:
    "Keeps rows whose number of tokens (pieces a language model reads) is between min_num and max_num inclusive. Counts come from an OpenAI BPE encoding standing in for Data-Juicer's Hugging Face tokenizer, so they can differ slightly from Data-Juicer's.",
  statsKey: 'num_token',
  params,
  create: (info, values, context) => new TokenNumFilter(info, values, context)
})
