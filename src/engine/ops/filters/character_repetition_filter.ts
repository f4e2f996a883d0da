import { declareParams, defineOp, type ParamValues } from '../define'
import { RangeFilter } from '../base'
import { codePoints, ngramCounts } from '../ngrams'

/**
 * The char_rep_ratio of Data-Juicer's character_repetition_filter: over the n-grams of n code
 * points (text[i:i+n] for every i), with k distinct n-grams of which u occur once, the top
 * min(floor(sqrt(k)), k - u) frequencies summed, divided by the number of n-grams. 0.0 when the
 * text is shorter than n. (numpy's sqrt and Math.sqrt are both IEEE-exact, so the floor agrees.)
 */
export function charRepetitionRatio(text: string, n: number): number {
  const counts = ngramCounts(codePoints(text), n)
  if (counts.length === 0) return 0
  let total = 0
  let repeatedKinds = 0
  for (const c of counts) {
    total += c
    if (c > 1) repeatedKinds++
  }
  const take = Math.min(Math.floor(Math.sqrt(counts.length)), repeatedKinds)
  if (take === 0) return 0
  const repeated = new Int32Array(repeatedKinds)
  let r = 0
  for (const c of counts) if (c > 1) repeated[r++] = c
  repeated.sort() // ascending: the largest are at the end
  let top = 0
  for (let i = repeatedKinds - take; i < repeatedKinds; i++) top += repeated[i]!
  return top / total
}

const params = declareParams([
  { name: 'rep_len', type: 'int', default: 10, min: 1, description: 'Length of the character sequences compared, in characters.' },
  { name: 'min_ratio', type: 'float', default: 0.0, min: 0, description: 'Lowest repetition ratio kept, from 0 to 1.' },
  { name: 'max_ratio', type: 'float', default: 0.5, min: 0, description: 'Highest repetition ratio kept, from 0 to 1.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's character_repetition_filter (ops/filter/character_repetition_filter.py):
 * keeps min_ratio <= char_rep_ratio <= max_ratio.
 */
class CharacterRepetitionFilter extends RangeFilter<Params> {
  protected readonly statKind = 'float'
  private readonly n = this.params.rep_len

  protected computeStat(text: string): number {
    return charRepetitionRatio(text, this.n)
  }
}

export const characterRepetitionFilter = defineOp({
  name: 'character_repetition_filter',
  kind: 'filter',
  description:
    'Keeps rows whose character repetition ratio is between min_ratio and max_ratio inclusive: the share of all rep_len-character sequences taken by the most repeated ones (as many of them as the square root of the number of distinct sequences).',
  statsKey: 'char_rep_ratio',
  params,
  create: (info, values, context) => new CharacterRepetitionFilter(info, values, context)
})
