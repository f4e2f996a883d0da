/**
 * Words as Data-Juicer gets them with tokenization disabled (data_juicer/ops/common/helper_func.py):
 * get_words_from_document → split_on_whitespace, then words_refinement (lower-casing, strip,
 * augmentation). One implementation for every Sieve operator that counts words.
 *
 * Deviations from Python, all deliberate and documented:
 * - `str.lower()` is `String.prototype.toLowerCase()` (both apply Unicode's full, locale-free
 *   mappings, final sigma included); results can differ only for characters assigned after the
 *   Unicode version of the Python that runs DJ.
 * - Lone surrogates cannot occur in DJ's text (it is valid UTF-8); here each counts as one character.
 */
import { declareParams } from './define'
import { isSpecialCodePoint } from './special_characters'

const WORD_SEPARATORS = /[ \n\t]/
const SPACE_ONLY = / /
const SPACE_NEWLINE = /[ \n]/
const SPACE_TAB = /[ \t]/

/**
 * DJ's split_on_whitespace(document, new_line, tab): re.split on ' ' (and '\n', '\t' when asked),
 * dropping empty strings. Nothing else splits: not '\r', U+00A0, U+3000 or U+2028.
 */
export function splitOnWhitespace(document: string, newLine = false, tab = false): string[] {
  const separator = newLine && tab ? WORD_SEPARATORS : newLine ? SPACE_NEWLINE : tab ? SPACE_TAB : SPACE_ONLY
  const parts = document.split(separator)
  const words: string[] = []
  for (const p of parts) if (p !== '') words.push(p)
  return words
}

/** get_words_from_document(document) without a tokenizer: split on ' ', '\n', '\t'. */
export function getWordsFromDocument(document: string): string[] {
  return splitOnWhitespace(document, true, true)
}

/**
 * DJ's split_on_newline_tab_whitespace: the document split on '\n' into sentences, each on '\t'
 * into sub-sentences, each with split_on_whitespace (' ' alone, empty strings dropped).
 */
export function splitOnNewlineTabWhitespace(document: string): string[][][] {
  return document.split('\n').map((sentence) => sentence.split('\t').map((sub) => splitOnWhitespace(sub)))
}

/**
 * DJ's merge_on_whitespace_tab_newline, the inverse: words joined by ' ', non-empty sub-sentences
 * by '\t', non-empty sentences by '\n'. Empty lines and tab fields therefore disappear.
 */
export function mergeOnWhitespaceTabNewline(sentences: string[][][]): string {
  const lines: string[] = []
  for (const sentence of sentences) {
    const parts: string[] = []
    for (const sub of sentence) if (sub.length > 0) parts.push(sub.join(' '))
    if (parts.length > 0) lines.push(parts.join('\t'))
  }
  return lines.join('\n')
}

/** The code point starting at `i` (a lone surrogate counts as itself). */
function codePointAt(s: string, i: number): number {
  return s.codePointAt(i)!
}

/**
 * DJ's strip(document, strip_characters): drops leading and trailing code points that are in the
 * set, one code point at a time (like str.strip with a set of single characters).
 */
export function stripChars(word: string, isStripChar: (cp: number) => boolean = isSpecialCodePoint): string {
  let start = 0
  let end = word.length
  while (start < end) {
    const cp = codePointAt(word, start)
    if (!isStripChar(cp)) break
    start += cp > 0xffff ? 2 : 1
  }
  while (end > start) {
    let cp = word.charCodeAt(end - 1)
    let width = 1
    if (cp >= 0xdc00 && cp <= 0xdfff && end - 2 >= start) {
      const high = word.charCodeAt(end - 2)
      if (high >= 0xd800 && high <= 0xdbff) {
        cp = ((high - 0xd800) << 10) + (cp - 0xdc00) + 0x10000
        width = 2
      }
    }
    if (!isStripChar(cp)) break
    end -= width
  }
  return start === 0 && end === word.length ? word : word.slice(start, end)
}

/** DJ's words_augmentation: every run of `groupSize` consecutive words joined by `joinChar`. */
export function wordsAugmentation(words: string[], groupSize: number, joinChar: string): string[] {
  const out: string[] = []
  for (let i = 0; i + groupSize <= words.length; i++) out.push(words.slice(i, i + groupSize).join(joinChar))
  return out
}

export interface RefineOptions {
  /** lower_case (DJ's default: false). */
  lowerCase?: boolean
  /** strip_chars: a membership test per code point; DJ passes SPECIAL_CHARACTERS. None: no stripping. */
  stripChars?: ((cp: number) => boolean) | null
  /** use_words_aug (default false), words_aug_group_sizes (default [2]), words_aug_join_char (default ''). */
  useWordsAug?: boolean
  wordsAugGroupSizes?: number[]
  wordsAugJoinChar?: string
}

/**
 * DJ's words_refinement: lower-case, then strip each word and drop the ones left empty, then append
 * the augmentation groups (built from the stripped words, every group size in turn).
 */
export function wordsRefinement(words: string[], options: RefineOptions = {}): string[] {
  let out = words
  if (options.lowerCase === true) out = out.map((w) => w.toLowerCase())
  const strip = options.stripChars
  if (strip !== undefined && strip !== null) {
    const stripped: string[] = []
    for (const w of out) {
      const s = stripChars(w, strip)
      if (s !== '') stripped.push(s)
    }
    out = stripped
  }
  if (options.useWordsAug === true) {
    const join = options.wordsAugJoinChar ?? ''
    const augmented: string[] = []
    for (const size of options.wordsAugGroupSizes ?? [2]) augmented.push(...wordsAugmentation(out, size, join))
    out = out.concat(augmented)
  }
  return out
}

/** The words augmentation options of words_refinement (use_words_aug, words_aug_group_sizes, words_aug_join_char). */
export type WordsAugOptions = Pick<RefineOptions, 'useWordsAug' | 'wordsAugGroupSizes' | 'wordsAugJoinChar'>

/**
 * The words DJ's word-counting filters use: get_words_from_document, then words_refinement with
 * strip_chars=SPECIAL_CHARACTERS (lower-cased when asked, augmented when `aug` asks).
 */
export function refinedWords(
  document: string,
  lowerCase: boolean,
  aug: WordsAugOptions = {},
  split: (document: string) => string[] = getWordsFromDocument
): string[] {
  return wordsRefinement(split(document), { ...aug, lowerCase, stripChars: isSpecialCodePoint })
}

/**
 * `len(refinedWords(document, false))` in one pass without building the words: stripping only
 * removes special characters from a word's ends, so a word survives exactly when it holds at
 * least one code point that is not special.
 */
export function countRefinedWords(document: string): number {
  let words = 0
  let kept = false
  const n = document.length
  for (let i = 0; i < n; i++) {
    let cp = document.charCodeAt(i)
    if (cp === 0x20 || cp === 0x0a || cp === 0x09) {
      kept = false
      continue
    }
    if (kept) continue
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const low = document.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (low - 0xdc00) + 0x10000
        i++
      }
    }
    if (!isSpecialCodePoint(cp)) {
      kept = true
      words++
    }
  }
  return words
}

/** lang and tokenization, as words_num_filter and word_repetition_filter declare them. */
export const sentencePieceParams = declareParams([
  {
    name: 'lang',
    type: 'string',
    default: 'en',
    description: 'Language of the text; with tokenization, picks the SentencePiece model LANG.sp.model.'
  },
  {
    name: 'tokenization',
    type: 'bool',
    default: false,
    description:
      "Split words with the SentencePiece model of lang (needs LANG.sp.model in the model store; see 'sieve models') instead of on white space."
  }
])
