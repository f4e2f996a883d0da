/**
 * Data-Juicer's word pipeline for the word-list filters (stopwords_filter, flagged_words_filter):
 * ops/common/helper_func.py (get_words_from_document, words_refinement, strip, words_augmentation)
 * and ops/common/special_characters.py (SPECIAL_CHARACTERS), plus the bundled word lists.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { SieveError } from '../../shared/errors'

/** Loads packages (word lists, tokenizer ranks) only when an operator first needs them. */
export const requireLazily = createRequire(import.meta.url)

// ---------------------------------------------------------------------------------------------
// SPECIAL_CHARACTERS: string.punctuation + string.digits + string.whitespace, the other special
// characters Data-Juicer took from BigScience's filtering, and every single-code-point key of the
// Python `emoji` package's EMOJI_DATA. Data-Juicer strips them from both ends of each word.
// ---------------------------------------------------------------------------------------------

const PYTHON_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'
const PYTHON_DIGITS = '0123456789'
const PYTHON_WHITESPACE = ' \t\n\r\x0b\x0c'

/** The printable characters of Data-Juicer's OTHER_SPECIAL_CHARACTERS, in its order. */
const OTHER_VISIBLE =
  '\u3000\ufffc\u2019\u201c\u201d\u2013\u30fc\u4e00\u25ac\u2026\u2726\ufffd\u00a3\u2022\u20ac\u00ab\u00bb\u00b0\u00b7\u2550' +
  '\u00d7\u58eb\uff3e\u02d8\u21d3\u2193\u2191\u2190\u2192\uff08\uff09\u00a7\u2033\u2032\u00b4\u00bf\u2212\u00b1\u2208\u00a2' +
  '\u00f8\u201a\u201e\u00bd\u00bc\u00be\u00b9\u00b2\u00b3\u2015\u2043\uff0c\u02cc\u00b8\u2039\u203a\u02ba\u02c8\u02bb\u00a6' +
  '\u2010\u2800\u2030\u2011\u2264\u2265\u2016\u25c6\u25cf\u25a0\u25ba\u25bc\u25b2\u25b4\u2206\u25bb\u00a1\u2605\u2606\u2731' +
  '\u02d0\u00ba\u3002\u00af\u02dc\u00a5\u026a\u2248\u2020\u4e0a\u30f3\uff1a\u223c\u2044\u30fb\u2661\u2713\u2295\u2024\uff0e' +
  '\u22c5\u00f7\uff11\u201f\uff1b\u060c\u3001\u00a8\u093e\u09be\u0940\u094d\u0947\u25e6\u02da\u309c\u02bc\u2256\u00a4\u30c3' +
  '\u30c4\u30b7\u2103\u221a\uff01\u3010\u3011\u203f\u221e\u27a4\uff5e\u03c0\u0647\u06e9\u261b\u20a8\u27a9\u263b\u0e51\u066a' +
  '\u2665\u0131\u097d\u300a\u2018\u00a9\ufd3f\u066c\uff1f\u25b7\u0413\u266b\u221f\u2122\u00aa\u20aa\u00ae\u300c\u2014\u2756' +
  '\u300d\ufd3e\u300b'

/**
 * The invisible characters of OTHER_SPECIAL_CHARACTERS. Data-Juicer's source holds 19 of them
 * that no stored copy spells out; these are the Unicode spaces and zero-width characters of its
 * own VARIOUS_WHITESPACES list plus the soft hyphen (seen escaped in a copy) and the BOM.
 */
const OTHER_INVISIBLE =
  '\u0084\u00a0\u00ad\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u202f\u205f\u2060\ufeff'

/**
 * The single-code-point keys of emoji.EMOJI_DATA (Python `emoji` 2.16.0), as ranges. Keys of more
 * than one code point (flags, keycaps, ZWJ sequences) never match one character, so they are left out.
 */
const EMOJI_RANGES =
  '0xa9 0xae 0x203c 0x2049 0x2122 0x2139 0x2194-0x2199 0x21a9-0x21aa 0x231a-0x231b 0x2328 0x23cf 0x23e9-0x23f3 ' +
  '0x23f8-0x23fa 0x24c2 0x25aa-0x25ab 0x25b6 0x25c0 0x25fb-0x25fe 0x2600-0x2604 0x260e 0x2611 0x2614-0x2615 0x2618 ' +
  '0x261d 0x2620 0x2622-0x2623 0x2626 0x262a 0x262e-0x262f 0x2638-0x263a 0x2640 0x2642 0x2648-0x2653 0x265f-0x2660 ' +
  '0x2663 0x2665-0x2666 0x2668 0x267b 0x267e-0x267f 0x2692-0x2697 0x2699 0x269b-0x269c 0x26a0-0x26a1 0x26a7 ' +
  '0x26aa-0x26ab 0x26b0-0x26b1 0x26bd-0x26be 0x26c4-0x26c5 0x26c8 0x26ce-0x26cf 0x26d1 0x26d3-0x26d4 0x26e9-0x26ea ' +
  '0x26f0-0x26f5 0x26f7-0x26fa 0x26fd 0x2702 0x2705 0x2708-0x270d 0x270f 0x2712 0x2714 0x2716 0x271d 0x2721 0x2728 ' +
  '0x2733-0x2734 0x2744 0x2747 0x274c 0x274e 0x2753-0x2755 0x2757 0x2763-0x2764 0x2795-0x2797 0x27a1 0x27b0 0x27bf ' +
  '0x2934-0x2935 0x2b05-0x2b07 0x2b1b-0x2b1c 0x2b50 0x2b55 0x3030 0x303d 0x3297 0x3299 0x1f004 0x1f0cf ' +
  '0x1f170-0x1f171 0x1f17e-0x1f17f 0x1f18e 0x1f191-0x1f19a 0x1f201-0x1f202 0x1f21a 0x1f22f 0x1f232-0x1f23a ' +
  '0x1f250-0x1f251 0x1f300-0x1f321 0x1f324-0x1f393 0x1f396-0x1f397 0x1f399-0x1f39b 0x1f39e-0x1f3f0 0x1f3f3-0x1f3f5 ' +
  '0x1f3f7-0x1f4fd 0x1f4ff-0x1f53d 0x1f549-0x1f54e 0x1f550-0x1f567 0x1f56f-0x1f570 0x1f573-0x1f57a 0x1f587 ' +
  '0x1f58a-0x1f58d 0x1f590 0x1f595-0x1f596 0x1f5a4-0x1f5a5 0x1f5a8 0x1f5b1-0x1f5b2 0x1f5bc 0x1f5c2-0x1f5c4 ' +
  '0x1f5d1-0x1f5d3 0x1f5dc-0x1f5de 0x1f5e1 0x1f5e3 0x1f5e8 0x1f5ef 0x1f5f3 0x1f5fa-0x1f64f 0x1f680-0x1f6c5 ' +
  '0x1f6cb-0x1f6d2 0x1f6d5-0x1f6d9 0x1f6dc-0x1f6e5 0x1f6e9 0x1f6eb-0x1f6ec 0x1f6f0 0x1f6f3-0x1f6fc 0x1f7e0-0x1f7eb ' +
  '0x1f7f0 0x1f90c-0x1f93a 0x1f93c-0x1f945 0x1f947-0x1f9ff 0x1fa70-0x1fa7c 0x1fa80-0x1fac6 0x1fac8 0x1facc-0x1fadd ' +
  '0x1fadf-0x1faeb 0x1faef-0x1fafa'

/** Every special character is below U+20000 (planes 0 and 1), so one byte per code point there suffices. */
const TABLE_SIZE = 0x20000
let specialTable: Uint8Array | undefined

function special(): Uint8Array {
  if (specialTable !== undefined) return specialTable
  const table = new Uint8Array(TABLE_SIZE)
  for (const ch of PYTHON_PUNCTUATION + PYTHON_DIGITS + PYTHON_WHITESPACE + OTHER_VISIBLE + OTHER_INVISIBLE) {
    table[ch.codePointAt(0)!] = 1
  }
  for (const range of EMOJI_RANGES.split(' ')) {
    const [from, to] = range.split('-').map((h) => Number.parseInt(h, 16)) as [number, number | undefined]
    for (let c = from; c <= (to ?? from); c++) table[c] = 1
  }
  specialTable = table
  return table
}

/** Whether one character (a code point) is in Data-Juicer's SPECIAL_CHARACTERS. */
export function isSpecialCharacter(codePoint: number): boolean {
  return codePoint < TABLE_SIZE && special()[codePoint] === 1
}

/** helper_func.strip: drops SPECIAL_CHARACTERS from both ends of a word, one code point at a time. */
export function stripSpecial(word: string): string {
  const table = special()
  let start = 0
  let end = word.length
  while (start < end) {
    const cp = word.codePointAt(start)!
    if (cp >= TABLE_SIZE || table[cp] === 0) break
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
    if (cp >= TABLE_SIZE || table[cp] === 0) break
    end -= width
  }
  return start === 0 && end === word.length ? word : word.slice(start, end)
}

// ---------------------------------------------------------------------------------------------
// Words of a document
// ---------------------------------------------------------------------------------------------

/** split_on_whitespace(new_line=True, tab=True) splits on these three characters only. */
const WORD_SEPARATOR = /[ \n\t]/

export interface WordsAugmentation {
  /** use_words_aug */
  enabled: boolean
  /** words_aug_group_sizes */
  groupSizes: number[]
  /** words_aug_join_char */
  joinChar: string
}

/**
 * get_words_from_document without a tokenizer, then words_refinement(lower_case=True,
 * strip_chars=SPECIAL_CHARACTERS, ...): split on ' ', '\n' and '\t' (not on '\r', U+2028 or other
 * spaces), lower-case, strip special characters from both ends, drop empty words, and when asked
 * append every run of `groupSize` consecutive words joined by `joinChar` for each group size.
 * Lower-casing the whole text first gives the same words: no character lower-cases to a separator
 * and the separators are not case-ignorable, so the final-sigma context never crosses one.
 */
export function refinedWords(text: string, aug: WordsAugmentation): string[] {
  const words: string[] = []
  for (const raw of text.toLowerCase().split(WORD_SEPARATOR)) {
    if (raw === '') continue
    const word = stripSpecial(raw)
    if (word !== '') words.push(word)
  }
  if (!aug.enabled) return words
  const augmented: string[] = []
  for (const size of aug.groupSizes) {
    for (let i = 0; i + size <= words.length; i++) augmented.push(words.slice(i, i + size).join(aug.joinChar))
  }
  return words.concat(augmented)
}

/** The share of the (refined, augmented) words found in `list`; 0.0 for a text without words. */
export function listedWordsRatio(text: string, list: ReadonlySet<string>, aug: WordsAugmentation): number {
  const words = refinedWords(text, aug)
  if (words.length === 0) return 0
  let hits = 0
  for (const w of words) if (list.has(w)) hits++
  return Math.min(hits / words.length, 1)
}

/**
 * words_aug_group_sizes: positive integers. The parameter is declared as a list of strings (the
 * parameter types have no integer list), so numbers and numeric strings are both accepted here.
 */
export function parseGroupSizes(op: string, value: unknown): number[] {
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

// ---------------------------------------------------------------------------------------------
// Word lists
// ---------------------------------------------------------------------------------------------

export type WordLists = Record<string, string[]>
export type WordsType = 'stopwords' | 'flagged_words'

const listCache = new Map<string, ReadonlySet<string>>()

/**
 * The bundled lists: stopwords from the npm package stopwords-iso (ISO 639-1 keys), flagged words
 * from naughty-words (LDNOOBW lists). Data-Juicer downloads its own stopwords.json and
 * flagged_words.json; pass their folder as stopwords_dir / flagged_words_dir to use them instead.
 */
function bundledLists(type: WordsType): WordLists {
  return (type === 'stopwords' ? requireLazily('stopwords-iso') : requireLazily('naughty-words')) as WordLists
}

/**
 * asset_utils.load_words_asset: every *.json file in `dir` whose name contains the words type,
 * each an object from language to words; lists of the same language are concatenated.
 */
function listsFromDir(op: string, type: WordsType, dir: string): WordLists {
  const out: WordLists = {}
  let names: string[]
  try {
    names = readdirSync(dir).sort()
  } catch {
    throw new SieveError('BAD_REQUEST', `${op}: cannot read the folder '${dir}'.`, { op, param: `${type}_dir` })
  }
  for (const name of names) {
    if (!name.endsWith('.json') || !name.includes(type)) continue
    const path = join(dir, name)
    if (!statSync(path).isFile()) continue
    let loaded: unknown
    try {
      loaded = JSON.parse(readFileSync(path, 'utf8'))
    } catch {
      throw new SieveError('BAD_REQUEST', `${op}: '${path}' is not valid JSON.`, { op, param: `${type}_dir` })
    }
    if (loaded === null || typeof loaded !== 'object' || Array.isArray(loaded)) {
      throw new SieveError('BAD_REQUEST', `${op}: '${path}' must map languages to lists of words.`, { op, param: `${type}_dir` })
    }
    for (const [lang, words] of Object.entries(loaded as Record<string, unknown>)) {
      if (!Array.isArray(words)) continue
      out[lang] = [...(out[lang] ?? []), ...words.filter((w): w is string => typeof w === 'string')]
    }
  }
  if (Object.keys(out).length === 0) {
    throw new SieveError('BAD_REQUEST', `${op}: the folder '${dir}' holds no ${type} JSON file (a .json file whose name contains '${type}').`, {
      op,
      param: `${type}_dir`
    })
  }
  return out
}

/**
 * The word set of one language ('all' merges every language, as Data-Juicer does when its file
 * has no 'all' key). Words are compared exactly as listed: only the document side is lower-cased.
 */
export function wordList(op: string, type: WordsType, lang: string, dir: string | null): ReadonlySet<string> {
  const key = `${type}\u0000${dir ?? ''}\u0000${lang}`
  const cached = listCache.get(key)
  if (cached !== undefined) return cached
  const lists = dir === null || dir === '' ? bundledLists(type) : listsFromDir(op, type, dir)
  let words = Object.prototype.hasOwnProperty.call(lists, lang) ? lists[lang] : undefined
  if (words === undefined && lang === 'all') words = Object.values(lists).flat()
  if (words === undefined) {
    const known = Object.keys(lists).sort()
    throw new SieveError('BAD_REQUEST', `${op}: no ${type.replace('_', ' ')} for language '${lang}'. Known: ${known.join(', ')}, or 'all'.`, {
      op,
      param: 'lang'
    })
  }
  const set = new Set(words)
  listCache.set(key, set)
  return set
}

/** A ratio written for a person: at most four decimals. */
export function formatRatio(value: number): string {
  return String(Math.round(value * 10_000) / 10_000)
}
