import { declareParams, defineOp, type ParamValues } from '../define'
import { RangeFilter } from '../base'
import { countRefinedWords, rejectTokenization, sentencePieceParams } from '../words'

const params = declareParams([
  ...sentencePieceParams,
  { name: 'min_num', type: 'int', default: 10, min: 0, description: 'Fewest words kept.' },
  { name: 'max_num', type: 'int', default: null, min: 0, description: 'Most words kept; empty for no limit.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's words_num_filter (ops/filter/words_num_filter.py): num_words is the number of words
 * left after splitting on ' ', '\n', '\t' and stripping Data-Juicer's special characters from each
 * word's ends (words_refinement with strip_chars=SPECIAL_CHARACTERS); keeps min_num <= num_words <= max_num.
 */
class WordsNumFilter extends RangeFilter<Params> {
  protected readonly statKind = 'int'

  protected computeStat(text: string): number {
    return countRefinedWords(text)
  }
}

export const wordsNumFilter = defineOp({
  name: 'words_num_filter',
  kind: 'filter',
  description:
    'Keeps rows whose number of words is between min_num and max_num inclusive. Words are split on spaces, tabs and newlines and stripped of punctuation, digits, symbols and emoji at their ends; words left empty are not counted.',
  statsKey: 'num_words',
  params,
  create: (info, values, context) => {
    rejectTokenization('words_num_filter', values)
    return new WordsNumFilter(info, values, context)
  }
})
