import { declareParams, defineOp, type ParamValues } from '../define'
import { RangeFilter } from '../base'
import { countSpecial } from '../special_characters'

const params = declareParams([
  { name: 'min_ratio', type: 'float', default: 0.0, min: 0, description: 'Lowest share of special characters kept, from 0 to 1.' },
  { name: 'max_ratio', type: 'float', default: 0.25, min: 0, description: 'Highest share of special characters kept, from 0 to 1.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's special_characters_filter (ops/filter/special_characters_filter.py):
 * special_char_ratio = (characters in SPECIAL_CHARACTERS) / len(text), 0.0 for empty text, in code
 * points. SPECIAL_CHARACTERS (ops/common/special_characters.py) is ASCII punctuation, digits and
 * whitespace, a list of other symbols and spaces, and the single-code-point emoji of emoji 2.2.0.
 * Keeps min_ratio <= special_char_ratio <= max_ratio.
 */
class SpecialCharactersFilter extends RangeFilter<Params> {
  protected readonly statKind = 'float'

  protected computeStat(text: string): number {
    const { special, total } = countSpecial(text)
    return total === 0 ? 0 : special / total
  }
}

export const specialCharactersFilter = defineOp({
  name: 'special_characters_filter',
  kind: 'filter',
  description:
    'Keeps rows whose share of special characters (punctuation, digits, whitespace, symbols, emoji) among all characters is between min_ratio and max_ratio inclusive.',
  statsKey: 'special_char_ratio',
  params,
  create: (info, values, context) => new SpecialCharactersFilter(info, values, context)
})
