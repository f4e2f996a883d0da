import { declareParams, defineOp, type ParamValues } from '../define'
import { RangeFilter } from '../base'
import { countRefinedWords, refinedWords, sentencePieceParams } from '../words'
import { checkTokenization, prepareTokenization, tokenizationModels, wordSplitter } from '../sentencepiece-words'

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
 * With tokenization the words are the pieces of the SentencePiece model of lang (sentencepiece-words.ts).
 */
class WordsNumFilter extends RangeFilter<Params> {
  protected readonly statKind = 'int'
  private readonly split = this.params.tokenization ? wordSplitter(this.info.name, this.params, this.context.models) : undefined

  protected computeStat(text: string): number {
    return this.split === undefined ? countRefinedWords(text) : refinedWords(text, false, {}, this.split).length
  }
}

export const wordsNumFilter = defineOp({
  name: 'words_num_filter',
  kind: 'filter',
  description:
    'Keeps rows whose number of words is between min_num and max_num inclusive. Words are split on spaces, tabs and newlines and stripped of punctuation, digits, symbols and emoji at their ends; words left empty are not counted.',
  statsKey: 'num_words',
  params,
  models: tokenizationModels,
  prepare: prepareTokenization,
  create: (info, values, context) => {
    checkTokenization(info.name, values)
    return new WordsNumFilter(info, values, context)
  }
})
