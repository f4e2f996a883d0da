import type { OpInfo, ParamSpec } from '../../../shared/ops'
import { RangeFilter, type OpContext } from '../base'
import { declareParams, type ParamValues } from '../define'
import { SieveError } from '../../../shared/errors'
import { checkTokenization, wordSplitter } from '../sentencepiece-words'
import { wordList, type WordsType } from '../wordlist-text'
import { refinedWords, type WordsAugOptions } from '../words'

/**
 * The shared body of Data-Juicer's word-list filters (stopwords_filter, flagged_words_filter): the
 * share of a text's words found in the `type` list of `lang` (read from the `<type>_dir` parameter,
 * or bundled), stored under the operator's stats key and kept when min_ratio <= ratio <= max_ratio.
 * Words are helper_func.get_words_from_document + words_refinement(lower_case=True,
 * strip_chars=SPECIAL_CHARACTERS, words augmentation) (see words.ts); with tokenization the words are
 * the pieces of the SentencePiece model of lang (sentencepiece-words.ts).
 */
/** The tokenization parameter both filters declare. */
export const tokenizationParam = {
  name: 'tokenization',
  type: 'bool',
  default: false,
  description:
    "Split words with the SentencePiece model of lang (needs LANG.sp.model in the model store; see 'sieve models') instead of on white space."
} as const satisfies ParamSpec

/** use_words_aug, words_aug_group_sizes, words_aug_join_char, with Data-Juicer's defaults. */
export const wordsAugParams = declareParams([
  {
    name: 'use_words_aug',
    type: 'bool',
    default: false,
    description: 'Also count runs of consecutive words joined together (helps Chinese and Vietnamese).'
  },
  {
    name: 'words_aug_group_sizes',
    type: 'int_list',
    default: [2],
    description: 'How many consecutive words each joined run has (positive integers).'
  },
  { name: 'words_aug_join_char', type: 'string', default: '', description: 'Text put between the words of a joined run.' }
])

/** What both word-list filters declare (each with its own descriptions and its `<type>_dir`). */
type WordListParams = ParamValues<typeof wordsAugParams> & { lang: string; tokenization: boolean; min_ratio: number; max_ratio: number }

export class WordListFilter extends RangeFilter<WordListParams> {
  protected readonly statKind = 'float'
  private readonly words: ReadonlySet<string>
  private readonly aug: WordsAugOptions
  private readonly split: (text: string) => string[]

  /** `dir` is the `<type>_dir` parameter: a folder of word lists, or null for the bundled ones. */
  constructor(info: OpInfo, params: WordListParams, context: OpContext, type: WordsType, dir: string | null) {
    super(info, params, context)
    const op = this.info.name
    checkTokenization(op, this.params)
    this.split = wordSplitter(op, this.params, context.models)
    this.words = wordList(op, type, this.params.lang, dir)
    this.aug = {
      useWordsAug: this.params.use_words_aug,
      wordsAugGroupSizes: parseGroupSizes(op, this.params.words_aug_group_sizes),
      wordsAugJoinChar: this.params.words_aug_join_char
    }
  }

  /** The share of the (refined, augmented) words found in the list; 0.0 for a text without words. */
  protected computeStat(text: string): number {
    const words = refinedWords(text, true, this.aug, this.split)
    if (words.length === 0) return 0
    let hits = 0
    for (const w of words) if (this.words.has(w)) hits++
    return Math.min(hits / words.length, 1)
  }

  /** A ratio written for a person: at most four decimals. */
  protected override formatStat(ratio: number): string {
    return String(Math.round(ratio * 10_000) / 10_000)
  }
}

/**
 * words_aug_group_sizes: positive integers. Numbers and numeric strings are both accepted, so a
 * value that reaches the operator without the int_list coercion is still read the same way.
 */
function parseGroupSizes(op: string, value: unknown): number[] {
  const items = Array.isArray(value) ? (value as unknown[]) : [value]
  return items.map((item) => {
    const n = typeof item === 'number' ? item : typeof item === 'string' && item.trim() !== '' ? Number(item) : Number.NaN
    if (!Number.isInteger(n) || n < 1) {
      throw new SieveError('BAD_REQUEST', `${op}: words_aug_group_sizes must be positive integers, got ${JSON.stringify(item)}.`, {
        op,
        param: 'words_aug_group_sizes'
      })
    }
    return n
  })
}
