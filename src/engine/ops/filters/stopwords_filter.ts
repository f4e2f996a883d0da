import type { OpInfo, OpParams } from '../../../shared/ops'
import type { OpDefinition } from '../registry'
import { Filter, type OpContext } from '../base'
import { SieveError } from '../../../shared/errors'
import { formatRatio, listedWordsRatio, parseGroupSizes, wordList, type WordsAugmentation } from '../wordlist-text'

/**
 * Data-Juicer's stopwords_filter (ops/filter/stopwords_filter.py): the share of a text's words
 * that are stopwords of `lang`, kept when min_ratio <= ratio <= max_ratio. Words are those of
 * helper_func.get_words_from_document + words_refinement (see wordlist-text.ts).
 */
class StopwordsFilter extends Filter<number> {
  protected readonly statKind = 'float'
  private readonly min = this.params.min_ratio as number
  private readonly max = this.params.max_ratio as number
  private readonly words: ReadonlySet<string>
  private readonly aug: WordsAugmentation

  constructor(info: OpInfo, params: OpParams, context: OpContext) {
    super(info, params, context)
    const op = this.info.name
    if (this.params.tokenization === true) {
      throw new SieveError(
        'BAD_REQUEST',
        `${op}: tokenization needs Data-Juicer's SentencePiece models, which Sieve does not have; set tokenization to false (words are then split on spaces, tabs and newlines).`,
        { op, param: 'tokenization' }
      )
    }
    this.words = wordList(op, 'stopwords', this.params.lang as string, (this.params.stopwords_dir as string | null) ?? null)
    this.aug = {
      enabled: this.params.use_words_aug === true,
      groupSizes: parseGroupSizes(op, this.params.words_aug_group_sizes),
      joinChar: (this.params.words_aug_join_char as string | null) ?? ''
    }
  }

  protected computeStat(text: string): number {
    return listedWordsRatio(text, this.words, this.aug)
  }

  protected keep(ratio: number): boolean {
    return this.min <= ratio && ratio <= this.max
  }

  protected reason(ratio: number): string {
    return ratio < this.min
      ? `stopwords_ratio ${formatRatio(ratio)} < min_ratio ${this.min}`
      : `stopwords_ratio ${formatRatio(ratio)} > max_ratio ${this.max}`
  }
}

export const stopwordsFilter: OpDefinition = {
  info: {
    name: 'stopwords_filter',
    kind: 'filter',
    description:
      'Keeps rows whose share of stopwords (common words such as "the", "and", "of") is between min_ratio and max_ratio inclusive. Natural prose has many stopwords; lists, code and keyword spam have few.',
    statsKey: 'stopwords_ratio',
    params: [
      { name: 'lang', type: 'string', default: 'en', description: "Language of the stopword list (ISO 639-1 code such as en, de, zh), or 'all' for every language merged." },
      { name: 'tokenization', type: 'bool', default: false, description: 'Split words with a SentencePiece model; not available in Sieve, must stay false.' },
      { name: 'min_ratio', type: 'float', default: 0.3, description: 'Lowest stopword share kept (0 to 1).' },
      { name: 'max_ratio', type: 'float', default: 1.0, description: 'Highest stopword share kept (0 to 1).' },
      {
        name: 'stopwords_dir',
        type: 'string',
        default: null,
        description: "Folder of JSON stopword lists (files named *stopwords*.json mapping language to words, e.g. Data-Juicer's stopwords.json); empty uses the bundled stopwords-iso lists."
      },
      { name: 'use_words_aug', type: 'bool', default: false, description: 'Also count runs of consecutive words joined together (helps Chinese and Vietnamese).' },
      { name: 'words_aug_group_sizes', type: 'int_list', default: [2], description: 'How many consecutive words each joined run has (positive integers).' },
      { name: 'words_aug_join_char', type: 'string', default: '', description: 'Text put between the words of a joined run.' }
    ]
  },
  create: (params, context) => new StopwordsFilter(stopwordsFilter.info, params, context)
}
