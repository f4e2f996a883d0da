import type { OpInfo, OpParams, ParamSpec } from '../../../shared/ops'
import { StatFilter, type OpContext } from '../base'
import { SieveError } from '../../../shared/errors'
import { wordList, type WordsType } from '../wordlist-text'
import { refinedWords, type WordsAugOptions } from '../words'

/**
 * The shared body of Data-Juicer's word-list filters (stopwords_filter, flagged_words_filter): the
 * share of a text's words found in the `type` list of `lang` (read from the `<type>_dir` parameter,
 * or bundled), stored under the operator's stats key and kept when min_ratio <= ratio <= max_ratio.
 * Words are helper_func.get_words_from_document + words_refinement(lower_case=True,
 * strip_chars=SPECIAL_CHARACTERS, words augmentation) (see words.ts).
 */
export class WordListFilter extends StatFilter<number> {
  protected readonly statKind = 'float'
  private readonly min = this.params.min_ratio as number
  private readonly max = this.params.max_ratio as number
  private readonly words: ReadonlySet<string>
  private readonly aug: WordsAugOptions

  constructor(info: OpInfo, params: OpParams, context: OpContext, type: WordsType) {
    super(info, params, context)
    const op = this.info.name
    if (this.params.tokenization === true) {
      throw new SieveError(
        'BAD_REQUEST',
        `${op}: tokenization needs Data-Juicer's SentencePiece models, which Sieve does not have; set tokenization to false (words are then split on spaces, tabs and newlines).`,
        { op, param: 'tokenization' }
      )
    }
    this.words = wordList(op, type, this.params.lang as string, (this.params[`${type}_dir`] as string | null | undefined) ?? null)
    this.aug = {
      useWordsAug: this.params.use_words_aug === true,
      wordsAugGroupSizes: parseGroupSizes(op, this.params.words_aug_group_sizes),
      wordsAugJoinChar: (this.params.words_aug_join_char as string | null) ?? ''
    }
  }

  /** The share of the (refined, augmented) words found in the list; 0.0 for a text without words. */
  protected computeStat(text: string): number {
    const words = refinedWords(text, true, this.aug)
    if (words.length === 0) return 0
    let hits = 0
    for (const w of words) if (this.words.has(w)) hits++
    return Math.min(hits / words.length, 1)
  }

  protected keep(ratio: number): boolean {
    return this.min <= ratio && ratio <= this.max
  }

  protected reason(ratio: number): string {
    return ratio < this.min
      ? `${this.statsKey} ${formatRatio(ratio)} < min_ratio ${this.min}`
      : `${this.statsKey} ${formatRatio(ratio)} > max_ratio ${this.max}`
  }
}

/** The tokenization parameter both filters declare and refuse. */
export const tokenizationParam: ParamSpec = {
  name: 'tokenization',
  type: 'bool',
  default: false,
  description: 'Split words with a SentencePiece model; not available in Sieve, must stay false.'
}

/** use_words_aug, words_aug_group_sizes, words_aug_join_char, with Data-Juicer's defaults. */
export const wordsAugParams: ParamSpec[] = [
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
]

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

/** A ratio written for a person: at most four decimals. */
function formatRatio(value: number): string {
  return String(Math.round(value * 10_000) / 10_000)
}
