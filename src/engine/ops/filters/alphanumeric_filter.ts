import { declareParams, defineOp, type ParamValues } from '../define'
import { RangeFilter } from '../base'
import { SieveError } from '../../../shared/errors'

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

const params = declareParams([
  {
    name: 'tokenization',
    type: 'bool',
    default: false,
    description: 'Count letters per tokenizer token instead (alpha_token_ratio); needs a Hugging Face tokenizer Sieve does not have, must stay false.'
  },
  { name: 'min_ratio', type: 'float', default: 0.25, min: 0, description: 'Lowest share of letters and digits kept, from 0 to 1.' },
  { name: 'max_ratio', type: 'float', default: null, min: 0, description: 'Highest share of letters and digits kept; empty for no limit.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's alphanumeric_filter (ops/filter/alphanumeric_filter.py) with tokenization=False:
 * alnum_ratio = (characters c with c.isalnum()) / len(text), 0.0 for empty text, in code points;
 * keeps min_ratio <= alnum_ratio <= max_ratio.
 */
class AlphanumericFilter extends RangeFilter<Params> {
  protected readonly statKind = 'float'

  protected computeStat(text: string): number {
    const { alnum, total } = countAlnum(text)
    return total === 0 ? 0 : alnum / total
  }
}

export const alphanumericFilter = defineOp({
  name: 'alphanumeric_filter',
  kind: 'filter',
  description: 'Keeps rows whose share of letters and digits (any script) among all characters is between min_ratio and max_ratio inclusive.',
  statsKey: 'alnum_ratio',
  params,
  create: (info, values, context) => {
    if (values.tokenization)
      throw new SieveError(
        'BAD_REQUEST',
        "alphanumeric_filter: parameter 'tokenization' cannot be true: it needs the Hugging Face tokenizer EleutherAI/pythia-6.9b-deduped, which is not available in Sieve. Leave tokenization false to use alnum_ratio, the share of letters and digits among all characters.",
        { op: 'alphanumeric_filter', param: 'tokenization' }
      )
    return new AlphanumericFilter(info, values, context)
  }
})
