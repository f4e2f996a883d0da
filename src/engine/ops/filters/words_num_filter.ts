import type { OpDefinition } from '../registry'
import type { OpContext } from '../base'
import type { OpParams } from '../../../shared/ops'
import { StatFilter } from '../base'
import { countRefinedWords, rejectTokenization } from '../words'

/**
 * Data-Juicer's words_num_filter (ops/filter/words_num_filter.py): num_words is the number of words
 * left after splitting on ' ', '\n', '\t' and stripping Data-Juicer's special characters from each
 * word's ends (words_refinement with strip_chars=SPECIAL_CHARACTERS); keeps min_num <= num_words <= max_num.
 */
class WordsNumFilter extends StatFilter<number> {
  protected readonly statKind = 'int'
  private readonly min = this.params.min_num as number
  private readonly max = (this.params.max_num as number | null) ?? Infinity

  protected computeStat(text: string): number {
    return countRefinedWords(text)
  }

  protected keep(words: number): boolean {
    return this.min <= words && words <= this.max
  }

  protected reason(words: number): string {
    return words < this.min ? `num_words ${words} < min_num ${this.min}` : `num_words ${words} > max_num ${this.max}`
  }
}

export const wordsNumFilter: OpDefinition = {
  info: {
    name: 'words_num_filter',
    kind: 'filter',
    description:
      'Keeps rows whose number of words is between min_num and max_num inclusive. Words are split on spaces, tabs and newlines and stripped of punctuation, digits, symbols and emoji at their ends; words left empty are not counted.',
    statsKey: 'num_words',
    params: [
      {
        name: 'lang',
        type: 'string',
        default: 'en',
        description: 'Language of the text; used only with tokenization, which Sieve does not support.'
      },
      {
        name: 'tokenization',
        type: 'bool',
        default: false,
        description: 'Split words with a SentencePiece model; not available in Sieve, must stay false.'
      },
      { name: 'min_num', type: 'int', default: 10, min: 0, description: 'Fewest words kept.' },
      { name: 'max_num', type: 'int', default: null, min: 0, description: 'Most words kept; empty for no limit.' }
    ]
  },
  create: (params: OpParams, context: OpContext) => {
    rejectTokenization('words_num_filter', params)
    return new WordsNumFilter(wordsNumFilter.info, params, context)
  }
}
