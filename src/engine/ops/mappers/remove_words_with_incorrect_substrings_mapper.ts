import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { checkTokenization, prepareTokenization, tokenizationModels, wordSplitter } from '../sentencepiece-words'
import { mergeOnWhitespaceTabNewline, sentencePieceParams, splitOnNewlineTabWhitespace, stripChars } from '../words'

/** Data-Juicer's substrings when none are given: the marks of a URL or a link. */
const DEFAULT_SUBSTRINGS = ['http', 'www', '.com', 'href', '//']

const params = declareParams([
  ...sentencePieceParams,
  {
    name: 'substrings',
    type: 'string_list',
    default: null,
    description: "A word containing any of these is removed; empty for Data-Juicer's list: http, www, .com, href, //."
  }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's remove_words_with_incorrect_substrings_mapper (ops/mapper/
 * remove_words_with_incorrect_substrings_mapper.py). Without tokenization the text is split on
 * '\n' into lines, each on '\t' into parts, each on ' ' into words; a word is removed when, with
 * special characters (punctuation, digits, emoji…) stripped from its ends, it contains one of the
 * substrings (case-sensitive). The text is rebuilt with single spaces, so runs of spaces, empty
 * lines and empty tab fields disappear even where no word is removed. With tokenization the words
 * are the SentencePiece pieces of lang's model with their '▁' removed; when one is removed, the text
 * becomes the kept words joined with nothing between them (spaces included: Data-Juicer's rule),
 * and when none is, it stays as it was.
 */
class RemoveWordsWithIncorrectSubstringsMapper extends Mapper<Params> {
  private readonly substrings = this.params.substrings ?? DEFAULT_SUBSTRINGS
  private readonly pieces = this.params.tokenization ? wordSplitter(this.info.name, this.params, this.context.models) : undefined

  private keepWord(word: string): boolean {
    const stripped = stripChars(word)
    return this.substrings.every((s) => !stripped.includes(s))
  }

  protected processText(text: string): string {
    if (this.pieces !== undefined) {
      const pieces = this.pieces(text)
      const words = pieces.map((piece) => piece.replaceAll('▁', '')).filter((word) => this.keepWord(word))
      return words.length === pieces.length ? text : words.join('')
    }
    const sentences = splitOnNewlineTabWhitespace(text).map((sentence) => sentence.map((words) => words.filter((w) => this.keepWord(w))))
    return mergeOnWhitespaceTabNewline(sentences)
  }
}

export const removeWordsWithIncorrectSubstringsMapper = defineOp({
  name: 'remove_words_with_incorrect_substrings_mapper',
  kind: 'mapper',
  description:
    'Removes words (separated by spaces) that contain one of the given substrings — by default the marks of links: http, www, .com, href, //.',
  params,
  models: tokenizationModels,
  prepare: prepareTokenization,
  create: (info, values, context) => {
    checkTokenization(info.name, values)
    return new RemoveWordsWithIncorrectSubstringsMapper(info, values, context)
  }
})
