import { declareParams, defineOp, type ParamValues } from '../define'
import { RangeFilter } from '../base'
import { ngramCounts } from '../ngrams'
import { refinedWords, sentencePieceParams } from '../words'
import { checkTokenization, prepareTokenization, tokenizationModels, wordSplitter } from '../sentencepiece-words'

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

const params = declareParams([
  ...sentencePieceParams,
  { name: 'rep_len', type: 'int', default: 10, min: 1, description: 'Length of the word sequences compared, in words.' },
  { name: 'min_ratio', type: 'float', default: 0.0, min: 0, description: 'Lowest repetition ratio kept, from 0 to 1.' },
  { name: 'max_ratio', type: 'float', default: 0.5, min: 0, description: 'Highest repetition ratio kept, from 0 to 1.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's word_repetition_filter (ops/filter/word_repetition_filter.py): words split on ' ',
 * '\n', '\t', lower-cased and stripped of SPECIAL_CHARACTERS (words_refinement), then
 * word_rep_ratio over rep_len-word n-grams; keeps min_ratio <= word_rep_ratio <= max_ratio.
 * With tokenization the words are the pieces of the SentencePiece model of lang (sentencepiece-words.ts).
 */
class WordRepetitionFilter extends RangeFilter<Params> {
  protected readonly statKind = 'float'
  private readonly n = this.params.rep_len
  private readonly split = wordSplitter(this.info.name, this.params, this.context.models)

  protected computeStat(text: string): number {
    return wordRepetitionRatio(refinedWords(text, true, {}, this.split), this.n)
  }
}

export const wordRepetitionFilter = defineOp({
  name: 'word_repetition_filter',
  kind: 'filter',
  description:
    'Keeps rows whose word repetition ratio is between min_ratio and max_ratio inclusive: the share of all rep_len-word sequences that occur more than once. Words are split on spaces, tabs and newlines, lower-cased and stripped of punctuation, digits, symbols and emoji at their ends.',
  statsKey: 'word_rep_ratio',
  params,
  models: tokenizationModels,
  prepare: prepareTokenization,
  create: (info, values, context) => {
    checkTokenization(info.name, values)
    return new WordRepetitionFilter(info, values, context)
  }
})
