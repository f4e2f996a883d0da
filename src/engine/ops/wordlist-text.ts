/**
 * The word lists of Data-Juicer's word-list filters (stopwords_filter, flagged_words_filter):
 * asset_utils.load_words_asset over a folder of JSON files, or the bundled npm lists. The words of
 * a document come from words.ts (helper_func's pipeline, SPECIAL_CHARACTERS from special_characters.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { SieveError } from '../../shared/errors'

/** Loads packages (word lists, tokenizer ranks) only when an operator first needs them. */
export const requireLazily = createRequire(import.meta.url)

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
