import { declareParams, defineOp } from '../define'
import { tokenizationParam, WordListFilter, wordsAugParams } from './word-list-filter'
import { prepareTokenization, tokenizationModels } from '../sentencepiece-words'

const params = declareParams([
  {
    name: 'lang',
    type: 'string',
    default: 'en',
    description: "Language of the stopword list (ISO 639-1 code such as en, de, zh), or 'all' for every language merged."
  },
  tokenizationParam,
  { name: 'min_ratio', type: 'float', default: 0.3, description: 'Lowest stopword share kept (0 to 1).' },
  { name: 'max_ratio', type: 'float', default: 1.0, description: 'Highest stopword share kept (0 to 1).' },
  {
    name: 'stopwords_dir',
    type: 'string',
    default: null,
    description:
      "Folder of JSON stopword lists (files named *stopwords*.json mapping language to words, e.g. Data-Juicer's stopwords.json); empty uses the bundled stopwords-iso lists."
  },
  ...wordsAugParams
])

/**
 * Data-Juicer's stopwords_filter (ops/filter/stopwords_filter.py): the share of a text's words
 * that are stopwords of `lang`, kept when min_ratio <= ratio <= max_ratio (see word-list-filter.ts).
 */
export const stopwordsFilter = defineOp({
  name: 'stopwords_filter',
  kind: 'filter',
  description:
    'Keeps rows whose share of stopwords (common words such as "the", "and", "of") is between min_ratio and max_ratio inclusive. Natural prose has many stopwords; lists, code and keyword spam have few.',
  statsKey: 'stopwords_ratio',
  params,
  models: tokenizationModels,
  prepare: prepareTokenization,
  create: (info, values, context) => new WordListFilter(info, values, context, 'stopwords', values.stopwords_dir)
})
