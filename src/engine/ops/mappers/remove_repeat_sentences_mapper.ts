import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { codePointLength, pythonStrip } from '../text'

/*
 * Data-Juicer's split_sentence (ops/mapper/remove_repeat_sentences_mapper.py): four substitutions,
 * in order, each putting '\n' between a sentence end and the next character unless that character
 * is a closing quote ’ or ”; the result is split on '\n'. Global JS replacement scans left to right
 * without overlap, as Python's re.sub does.
 *   1. one of . 。 ！ ! ？ ?
 *   2. six dots (after rule 1 has run, six dots never stand together, so it never fires; kept as DJ has it)
 *   3. two ellipses ……
 *   4. a closing quote after one of the characters of DJ's class [.。!！？\?\.{6}\…{2}], in which the braces
 *      and digits are literal: . 。 ! ！ ？ ? { 6 } … 2
 */
// No 'u' flag, for speed: every character the rules name is in the BMP, and when [^’”] takes only the
// high half of a surrogate pair the '\n' still lands before the whole pair, as in Python.
const RULE_1 = /([.。！!？?])([^’”])/g
const RULE_2 = /(\.{6})([^’”])/g
const RULE_3 = /(…{2})([^’”])/g
const RULE_4 = /([.。!！？?{6}…2][’”])([^’”])/g
const END_MARK = /[.。！!？?]/
const QUOTE = /[’”]/

/** Each rule runs only when the text holds what it needs to match, which changes nothing but time. */
function splitSentences(line: string): string[] {
  let text = line
  if (END_MARK.test(text)) text = text.replace(RULE_1, '$1\n$2')
  if (text.includes('......')) text = text.replace(RULE_2, '$1\n$2')
  if (text.includes('……')) text = text.replace(RULE_3, '$1\n$2')
  if (QUOTE.test(text)) text = text.replace(RULE_4, '$1\n$2')
  return text.split('\n')
}

/**
 * DJ's remove_regex: everything but ASCII letters and digits, CJK U+4E00–U+9FA5, '\n', '\t' and ' '.
 * Without the 'u' flag both halves of an astral character are removed, which is the same result.
 */
const SPECIAL = /[^a-zA-Z0-9\u4e00-\u9fa5\n\t ]+/g

const params = declareParams([
  { name: 'lowercase', type: 'bool', default: false, description: 'Compare sentences ignoring letter case.' },
  {
    name: 'ignore_special_character',
    type: 'bool',
    default: true,
    description: 'Compare sentences on their letters, digits and Chinese characters only (also for the length check).'
  },
  {
    name: 'min_repeat_sentence_length',
    type: 'int',
    default: 2,
    description: 'Sentences shorter than this many characters are never removed.'
  }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's remove_repeat_sentences_mapper: the text is split on '\n' into lines and each
 * non-empty line into sentences. A sentence's key is the sentence stripped of whitespace
 * (str.strip()), lowercased if `lowercase`, and with special characters removed if
 * `ignore_special_character`. A sentence whose key is shorter than min_repeat_sentence_length
 * code points is always kept; otherwise it is kept only the first time its key appears in the
 * text (across all its lines). Kept sentences are concatenated as they were (they carry their own
 * spaces), and lines are joined with '\n' again, so a line whose sentences all repeat becomes empty.
 */
class RemoveRepeatSentencesMapper extends Mapper<Params> {
  private readonly lowercase = this.params.lowercase
  private readonly ignoreSpecial = this.params.ignore_special_character
  private readonly minLength = this.params.min_repeat_sentence_length

  protected processText(text: string): string {
    const seen = new Set<string>()
    const lines = text.split('\n')
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!
      if (line === '') continue
      const kept: string[] = []
      for (const sentence of splitSentences(line)) {
        let key = pythonStrip(sentence)
        if (this.lowercase) key = key.toLowerCase()
        // After the removal only BMP characters remain, so UTF-16 length is the code point count.
        if (this.ignoreSpecial) key = key.replace(SPECIAL, '')
        const length = this.ignoreSpecial ? key.length : codePointLength(key)
        if (length < this.minLength) kept.push(sentence)
        else if (!seen.has(key)) {
          kept.push(sentence)
          seen.add(key)
        }
      }
      lines[i] = kept.join('')
    }
    return lines.join('\n')
  }
}

export const removeRepeatSentencesMapper = defineOp({
  name: 'remove_repeat_sentences_mapper',
  kind: 'mapper',
  description:
    'Removes sentences that repeat an earlier sentence of the same text (sentences end at . 。 ! ！ ? ？ or ……), keeping the first occurrence.',
  params,
  create: (info, values, context) => new RemoveRepeatSentencesMapper(info, values, context)
})
