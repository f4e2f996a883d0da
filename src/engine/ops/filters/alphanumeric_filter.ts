import { declareParams, defineOp, type ParamValues } from '../define'
import { RangeFilter } from '../base'
import { hfTokenizerModel, PYTHIA_TOKENIZER } from '../../models/catalog'
import { loadHfTokenizer, type HfTokenizer } from '../../models/hf-tokenizer'
import { loadedModel, prepareModel } from '../../models/loaded'

/**
 * Python's `str.isalnum()` is true exactly for the Unicode general categories L* and N* (checked
 * over every code point against Python's own unicodedata). The Basic Multilingual Plane is looked
 * up in a bit table built once from that regex; astral code points ask the regex. Characters
 * assigned after the Unicode version of the Python running DJ may differ.
 */
const ALNUM = /^[\p{L}\p{N}]$/u
const BMP_ALNUM = new Uint32Array(0x10000 >>> 5)
for (let c = 0; c < 0x10000; c++) if (ALNUM.test(String.fromCharCode(c))) BMP_ALNUM[c >>> 5]! |= 1 << (c & 31)

/** The number of alphanumeric code points and of all code points (a lone surrogate counts as one). */
export function countAlnum(text: string): { alnum: number; total: number } {
  let alnum = 0
  let total = 0
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    total++
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++
        if (ALNUM.test(text.slice(i - 1, i + 1))) alnum++
        continue
      }
    }
    if ((BMP_ALNUM[c >>> 5]! & (1 << (c & 31))) !== 0) alnum++
  }
  return { alnum, total }
}

/** Python's `str.isalpha()` for one code point: the Unicode letter categories. */
const ALPHA = /\p{L}/gu

const params = declareParams([
  {
    name: 'tokenization',
    type: 'bool',
    default: false,
    description: `Count letters per token of the Hugging Face tokenizer ${PYTHIA_TOKENIZER} instead (stat alpha_token_ratio); needs that tokenizer in the model store.`
  },
  { name: 'min_ratio', type: 'float', default: 0.25, min: 0, description: 'Lowest ratio kept.' },
  { name: 'max_ratio', type: 'float', default: null, min: 0, description: 'Highest ratio kept; empty for no limit.' }
])
type Params = ParamValues<typeof params>

const TOKENIZER = hfTokenizerModel(PYTHIA_TOKENIZER)

/**
 * Data-Juicer's alphanumeric_filter (ops/filter/alphanumeric_filter.py). With tokenization=False:
 * alnum_ratio = (characters c with c.isalnum()) / len(text), 0.0 for empty text, in code points.
 * With tokenization=True: alpha_token_ratio = (characters with c.isalpha()) / the number of tokens
 * of EleutherAI/pythia-6.9b-deduped's tokenizer.tokenize(text), 0.0 without tokens. Keeps
 * min_ratio <= ratio <= max_ratio.
 */
class AlphanumericFilter extends RangeFilter<Params> {
  protected readonly statKind = 'float'
  private readonly tokenizerPath = this.context.models?.[TOKENIZER.name]
  private tokenizer: HfTokenizer | undefined

  override get statsKey(): string {
    return this.params.tokenization ? 'alpha_token_ratio' : 'alnum_ratio'
  }

  protected computeStat(text: string): number {
    if (!this.params.tokenization) {
      const { alnum, total } = countAlnum(text)
      return total === 0 ? 0 : alnum / total
    }
    this.tokenizer ??= loadedModel<HfTokenizer>('hf-tokenizer', this.tokenizerPath ?? TOKENIZER.name, this.name)
    const tokens = this.tokenizer.tokenize(text).length
    return tokens === 0 ? 0 : (text.match(ALPHA)?.length ?? 0) / tokens
  }
}

export const alphanumericFilter = defineOp({
  name: 'alphanumeric_filter',
  kind: 'filter',
  description:
    'Keeps rows whose share of letters and digits (any script) among all characters is between min_ratio and max_ratio inclusive; with tokenization, the number of letters per tokenizer token instead.',
  statsKey: 'alnum_ratio',
  params,
  models: (values) => (values.tokenization ? [TOKENIZER] : []),
  prepare: async (values, paths) => {
    const path = paths[TOKENIZER.name]
    if (values.tokenization && path !== undefined) await prepareModel('hf-tokenizer', path, loadHfTokenizer)
  },
  create: (info, values, context) => new AlphanumericFilter(info, values, context)
})
