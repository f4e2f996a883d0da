import type { OpDefinition } from '../registry'
import { Mapper } from '../base'
import { isSpecialCodePoint } from '../special_characters'

/**
 * Python's `len(word)` for a word and, if the word had to be stripped, `len(strip(word, SPECIAL_CHARACTERS))`:
 * the code points left once special characters are taken off both ends (helper_func.strip walks code
 * points from each end independently; an all-special word strips to '').
 */
function codePointCount(word: string, from: number, to: number): number {
  let n = 0
  for (let i = from; i < to; i++) {
    const c = word.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = word.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

function strippedLength(word: string): number {
  let start = 0
  let end = word.length
  while (start < end) {
    const cp = word.codePointAt(start)!
    if (!isSpecialCodePoint(cp)) break
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
    if (!isSpecialCodePoint(cp)) break
    end -= width
  }
  return codePointCount(word, start, end)
}

/**
 * Data-Juicer's remove_long_words_mapper (ops/mapper/remove_long_words_mapper.py with
 * ops/common/helper_func.py): the text is split on '\n' into lines, each line on '\t' into parts,
 * each part on ' ' alone into words (empty strings dropped, so runs of spaces collapse; '\r', U+2028
 * and other whitespace stay inside words). A word is kept when min_len <= len(word) <= max_len, or
 * when the same holds for the word with special characters stripped from both ends. Then the
 * text is rebuilt: words joined by ' ', non-empty parts by '\t', non-empty lines by '\n' — so empty
 * lines, empty tab fields and leading/trailing spaces disappear even when no word is removed.
 */
class RemoveLongWordsMapper extends Mapper {
  private readonly min = this.params.min_len as number
  private readonly max = (this.params.max_len as number | null) ?? Infinity

  private keepWord(word: string): boolean {
    // word.length >= len(word) >= word.length / 2: skip the exact count when the UTF-16 length decides.
    const units = word.length
    let len: number
    if (units >= this.min * 2 && units <= this.max) return true
    if (units < this.min) len = units
    else len = codePointCount(word, 0, units)
    if (this.min <= len && len <= this.max) return true
    const stripped = strippedLength(word)
    return this.min <= stripped && stripped <= this.max
  }

  protected processText(text: string): string {
    const lines: string[] = []
    for (const line of text.split('\n')) {
      const parts: string[] = []
      for (const part of line.split('\t')) {
        const words: string[] = []
        for (const word of part.split(' ')) if (word !== '' && this.keepWord(word)) words.push(word)
        if (words.length > 0) parts.push(words.join(' '))
      }
      if (parts.length > 0) lines.push(parts.join('\t'))
    }
    return lines.join('\n')
  }
}

export const removeLongWordsMapper: OpDefinition = {
  info: {
    name: 'remove_long_words_mapper',
    kind: 'mapper',
    description:
      'Removes words (separated by spaces) whose length in characters is outside min_len..max_len, also after trimming punctuation, digits and emoji from their ends; collapses repeated spaces and tabs and drops empty lines.',
    params: [
      { name: 'min_len', type: 'int', default: 1, min: 1, description: 'Shortest word kept, in characters.' },
      { name: 'max_len', type: 'int', default: null, min: 1, description: 'Longest word kept, in characters; empty for no limit.' }
    ]
  },
  create: (params, context) => new RemoveLongWordsMapper(removeLongWordsMapper.info, params, context)
}
