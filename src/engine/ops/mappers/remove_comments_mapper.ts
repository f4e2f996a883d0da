import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { compilePythonRegex, PythonSub } from '../pyregex-text'

/**
 * Data-Juicer's two patterns. The inline one takes the character before the `%` with it (any
 * character but a backslash, a newline included, so a comment line joins the line above it) and
 * needs at least one character after the `%`.
 */
const INLINE = '(?m)[^\\\\]%.+$'
const WHOLE_LINE = '(?m)^%.*\\n?'

const params = declareParams([
  {
    name: 'doc_type',
    type: 'string_list',
    default: ['tex'],
    description: "Document type(s) whose comments to remove; only 'tex' exists, and as in Data-Juicer it does not change what is removed."
  },
  { name: 'inline', type: 'bool', default: true, description: 'Remove comments that follow text on a line (from the character before the %).' },
  { name: 'multiline', type: 'bool', default: true, description: 'Remove lines that start with %.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's remove_comments_mapper (ops/mapper/remove_comments_mapper.py): with `inline`,
 * `regex.sub(r'[^\\]%.+$', '', text, flags=MULTILINE)`; then with `multiline`,
 * `regex.sub(r'(?m)^%.*\n?', '', text)`. Data-Juicer takes doc_type as a string or a list and
 * does not read it; Sieve accepts both the same way.
 */
class RemoveCommentsMapper extends Mapper<Params> {
  private readonly inline = this.params.inline ? new PythonSub(compilePythonRegex(INLINE), '') : null
  private readonly wholeLine = this.params.multiline ? new PythonSub(compilePythonRegex(WHOLE_LINE), '') : null

  protected processText(text: string): string {
    let out = text
    if (this.inline !== null) out = this.inline.apply(out)
    if (this.wholeLine !== null) out = this.wholeLine.apply(out)
    return out
  }
}

export const removeCommentsMapper = defineOp({
  name: 'remove_comments_mapper',
  kind: 'mapper',
  description: 'LaTeX: removes % comments, both lines that start with % and comments after text on a line.',
  params,
  create: (info, values, context) => new RemoveCommentsMapper(info, values, context)
})
