import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { prepareSub, stripRawPrefix, type PythonSub } from '../pyregex-text'

/**
 * Data-Juicer's default link pattern (ops/mapper/clean_links_mapper.py, from CleanText / John
 * Gruber's URL regex), case-insensitive: a scheme (`abc:` then `/`, `//`, `///` or a letter, digit
 * or %), `www.`, or `domain.tld/`, then a run without spaces or <> where parentheses must balance,
 * not ending in punctuation.
 *
 * Two rewrites keep the matches the same (checked against Python's `regex` on fuzzed input) while
 * removing the exponential backtracking the original has on JS: the outer run takes one character
 * per repetition instead of `[^\s()<>]+`, and the runs inside parentheses are possessive. Group
 * numbers are unchanged (1 = the whole link).
 */
export const LINK_PATTERN =
  String.raw`(?i)\b(` +
  String.raw`(?:[a-z][\w-]+:(?:\/{1,3}|[a-z0-9%])|www\d{0,3}[.]|[a-z0-9.\-]+[.][a-z]{2,4}\/)` +
  String.raw`(?:[^\s()<>]|\(([^\s()<>]++|(\([^\s()<>]+\)))*\))+` +
  String.raw`(?:\(([^\s()<>]++|(\([^\s()<>]+\)))*\)|[^\s` +
  '`' +
  String.raw`!()\[\]{};:\'\".,<>?«»“”‘’])` +
  ')'

const LINK_HINT = /[:/]|www/i

const params = declareParams([
  {
    name: 'pattern',
    type: 'string',
    default: null,
    description: "Python regular expression to find (r'...' accepted); unset means the built-in link pattern."
  },
  { name: 'repl', type: 'string', default: '', description: 'Replacement, in Python re.sub syntax (\\1, \\g<name>); empty deletes.' }
])
type Params = ParamValues<typeof params>

/** `re.sub(pattern, repl, text, flags=re.DOTALL)` with Data-Juicer's link pattern unless one is given. */
class CleanLinksMapper extends Mapper<Params> {
  private readonly sub: PythonSub = prepareSub(
    'clean_links_mapper',
    'pattern',
    this.params.pattern === null ? LINK_PATTERN : stripRawPrefix(this.params.pattern),
    this.params.repl
  )

  /** The built-in pattern cannot match without a ':', a '/' or "www": such texts skip the regex. */
  private readonly quick = this.params.pattern === null

  protected processText(text: string): string {
    if (this.quick && !LINK_HINT.test(text)) return text
    return this.sub.apply(text)
  }
}

export const cleanLinksMapper = defineOp({
  name: 'clean_links_mapper',
  kind: 'mapper',
  description: 'Removes links such as http://, https://, ftp:// and www. addresses from the text (or replaces them with repl).',
  params,
  create: (info, values, context) => new CleanLinksMapper(info, values, context)
})
