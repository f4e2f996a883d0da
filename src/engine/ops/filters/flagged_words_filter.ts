import { declareParams, defineOp } from '../define'
import { tokenizationParam, WordListFilter, wordsAugParams } from './word-list-filter'
import { prepareTokenization, tokenizationModels } from '../sentencepiece-words'

const params = declareParams([
  {
    name: 'lang',
    type: 'string',
    default: 'en',
    description: "Language of the flagged-word list (code such as en, de, zh), or 'all' for every language merged."
  },
  tokenizationParam,
  { name: 'min_ratio', type: 'float', default: 0.0, description: 'Lowest flagged-word share kept (0 to 1).' },
  { name: 'max_ratio', type: 'float', default: 0.045, description: 'Highest flagged-word share kept (0 to 1).' },
  {
    name: 'flagged_words_dir',
    type: 'string',
    default: null,
    description:
      "Folder of JSON word lists (files named *flagged_words*.json mapping language to words, e.g. Data-Juicer's flagged_words.json); empty uses the bundled naughty-words lists."
  },
  ...wordsAugParams
])

/**
 * Data-Juicer's flagged_words_filter (ops/filter/flagged_words_filter.py): the share of a text's
 * words that are flagged (obscene or offensive) words of `lang`, kept when
 * min_ratio <= ratio <= max_ratio (see word-list-filter.ts).
 */
export const flaggedWordsFilter = defineOp({
  name: 'flagged_words_filter',
  kind: 'filter',
  description:
    'Keeps rows whose share of flagged words (obscene or offensive words of the chosen language) is between min_ratio and max_ratio inclusive; by default rows with more than 4.5% flagged words are dropped.',
  statsKey: 'flagged_words_ratio',
  params,
  models: tokenizationModels,
  prepare: prepareTokenization,
  create: (info, values, context) => new WordListFilter(info, values, context, 'flagged_words', values.flagged_words_dir)
})
