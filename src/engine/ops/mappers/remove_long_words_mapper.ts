import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { codePointLength } from '../text'
import { mergeOnWhitespaceTabNewline, splitOnNewlineTabWhitespace, stripChars } from '../words'

const params = declareParams([
  { name: 'min_len', type: 'int', default: 1, min: 1, description: 'Shortest word kept, in characters.' },
  { name: 'max_len', type: 'int', default: null, min: 1, description: 'Longest word kept, in characters; empty for no limit.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's remove_long_words_mapper (ops/mapper/remove_long_words_mapper.py with
 * ops/common/helper_func.py): the text is split on '\n' into lines, each line on '\t' into parts,
 * each part on ' ' alone into words (empty strings dropped, so runs of spaces collapse; '\r', U+2028
 * and other whitespace stay inside words). A word is kept when min_len <= len(word) <= max_len, or
 * when the same holds for the word with special characters stripped from both ends. Then the
 * text is rebuilt: words joined by ' ', non-empty parts by '\t', non-empty lines by '\n' — so empty
 * lines, empty tab fields and leading/trailing spaces disappear even when no word is removed.
 */
class RemoveLongWordsMapper extends Mapper<Params> {
  private readonly min = this.params.min_len
  private readonly max = this.params.max_len ?? Infinity

  private keepWord(word: string): boolean {
    // word.length >= len(word) >= word.length / 2: skip the exact count when the UTF-16 length decides.
    const units = word.length
    let len: number
    if (units >= this.min * 2 && units <= this.max) return true
    if (units < this.min) len = units
    else len = codePointLength(word)
    if (this.min <= len && len <= this.max) return true
    // len(strip(word, SPECIAL_CHARACTERS)): an all-special word strips to '' (0).
    const stripped = codePointLength(stripChars(word))
    return this.min <= stripped && stripped <= this.max
  }

  protected processText(text: string): string {
    const sentences = splitOnNewlineTabWhitespace(text).map((sentence) => sentence.map((words) => words.filter((w) => this.keepWord(w))))
    return mergeOnWhitespaceTabNewline(sentences)
  }
}

export const removeLongWordsMapper = defineOp({
  name: 'remove_long_words_mapper',
  kind: 'mapper',
  description:
    'Removes words (separated by spaces) whose length in characters is outside min_len..max_len, also after trimming punctuation, digits and emoji from their ends; collapses repeated spaces and tabs and drops empty lines.',
  params,
  create: (info, values, context) => new RemoveLongWordsMapper(info, values, context)
})
