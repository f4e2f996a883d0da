import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { compilePythonRegex, PythonSub } from '../pyregex-text'

/** The punctuation Data-Juicer keeps with keep_punc, as its character class writes it. */
const PUNCTUATION = '.， ,\\-。%《*》/•、&＆(—)（+）：？!！“”·'

const params = declareParams([
  { name: 'keep_alphabet', type: 'bool', default: true, description: 'Keep the ASCII letters A-Z and a-z.' },
  { name: 'keep_number', type: 'bool', default: true, description: 'Keep the ASCII digits 0-9.' },
  {
    name: 'keep_punc',
    type: 'bool',
    default: true,
    description: 'Keep common punctuation: . ， , - 。 % 《 * 》 / • 、 & ＆ ( — ) （ + ） ： ？ ! ！ “ ” · and space.'
  }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's remove_non_chinese_character_mapper (ops/mapper/remove_non_chinese_character_mapper.py):
 * removes every character outside the CJK Unified Ideographs block U+4E00–U+9FA5 and the kept
 * classes. So Kangxi radicals (⼏), CJK extensions, kana, accented letters, emoji, tabs and newlines
 * all go; with keep_punc the space and a fixed list of punctuation stay, not '…', '@' or '：'s ASCII form ':'.
 */
class RemoveNonChineseCharacterMapper extends Mapper<Params> {
  private readonly sub = new PythonSub(
    compilePythonRegex(
      `[^\u4e00-\u9fa5${this.params.keep_alphabet ? 'A-Za-z' : ''}${this.params.keep_number ? '0-9' : ''}${this.params.keep_punc ? PUNCTUATION : ''}]+`,
      { dotAll: true }
    ),
    ''
  )

  protected processText(text: string): string {
    return this.sub.apply(text)
  }
}

export const removeNonChineseCharacterMapper = defineOp({
  name: 'remove_non_chinese_character_mapper',
  kind: 'mapper',
  description:
    'Removes every character that is not a Chinese character (U+4E00–U+9FA5), keeping ASCII letters, digits and common punctuation as asked.',
  params,
  create: (info, values, context) => new RemoveNonChineseCharacterMapper(info, values, context)
})
