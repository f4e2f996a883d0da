import type { OpDefinition } from '../registry'
import type { OpContext } from '../base'
import type { OpParams } from '../../../shared/ops'
import { StatFilter } from '../base'
import { ngramCounts } from '../ngrams'
import { refinedWords, rejectTokenization } from '../words'

/**
 * The word_rep_ratio of Data-Juicer's word_repetition_filter over already refined words: of the
 * n-grams of n consecutive words, the share that belong to an n-gram occurring more than once
 * (sum of the frequencies above 1 / number of n-grams); 0.0 with fewer than n words.
 *
 * DJ keys an n-gram by its words joined with ' '; words never contain ' ' (they were split on it),
 * so counting n-grams of word ids groups them the same way.
 */
export function wordRepetitionRatio(words: string[], n: number): number {
  const ids = new Map<string, number>()
  const seq = new Int32Array(words.length)
  for (let i = 0; i < words.length; i++) {
    let id = ids.get(words[i]!)
    if (id === undefined) {
      id = ids.size
      ids.set(words[i]!, id)
    }
    seq[i] = id
  }
  const counts = ngramCounts(seq, n)
  if (counts.length === 0) return 0
  let total = 0
  let repeated = 0
  for (const c of counts) {
    total += c
    if (c > 1) repeated += c
  }
  return repeated / total
}

/**
 * Data-Juicer's word_repetition_filter (ops/filter/word_repetition_filter.py): words split on ' ',
 * '\n', '\t', lower-cased and stripped of SPECIAL_CHARACTERS (words_refinement), then
 * word_rep_ratio over rep_len-word n-grams; keeps min_ratio <= word_rep_ratio <= max_ratio.
 */
class WordRepetitionFilter extends StatFilter<number> {
  protected readonly statKind = 'float'
  private readonly n = this.params.rep_len as number
  private readonly min = this.params.min_ratio as number
  private readonly max = this.params.max_ratio as number

  protected computeStat(text: string): number {
    return wordRepetitionRatio(refinedWords(text, true), this.n)
  }

  protected keep(ratio: number): boolean {
    return this.min <= ratio && ratio <= this.max
  }

  protected reason(ratio: number): string {
    return ratio < this.min ? `word_rep_ratio ${ratio} < min_ratio ${this.min}` : `word_rep_ratio ${ratio} > max_ratio ${this.max}`
  }
}

export const wordRepetitionFilter: OpDefinition = {
  info: {
    name: 'word_repetition_filter',
    kind: 'filter',
    description:
      'Keeps rows whose word repetition ratio is between min_ratio and max_ratio inclusive: the share of all rep_len-word sequences that occur more than once. Words are split on spaces, tabs and newlines, lower-cased and stripped of punctuation, digits, symbols and emoji at their ends.',
    statsKey: 'word_rep_ratio',
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
      { name: 'rep_len', type: 'int', default: 10, min: 1, description: 'Length of the word sequences compared, in words.' },
      { name: 'min_ratio', type: 'float', default: 0.0, min: 0, description: 'Lowest repetition ratio kept, from 0 to 1.' },
      { name: 'max_ratio', type: 'float', default: 0.5, min: 0, description: 'Highest repetition ratio kept, from 0 to 1.' }
    ]
  },
  create: (params: OpParams, context: OpContext) => {
    rejectTokenization('word_repetition_filter', params)
    return new WordRepetitionFilter(wordRepetitionFilter.info, params, context)
  }
}
