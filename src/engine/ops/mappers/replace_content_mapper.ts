import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { prepareSub, stripRawPrefix, type PythonSub } from '../pyregex-text'

const params = declareParams([
  {
    name: 'pattern',
    type: 'string',
    default: null,
    description: "Python regular expression to find (r'...' accepted; . also matches newlines); unset changes nothing."
  },
  { name: 'repl', type: 'string', default: '', description: 'Replacement, in Python re.sub syntax (\\1, \\g<name>); empty deletes.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer (ops/mapper/replace_content_mapper.py): `re.compile(pattern, re.DOTALL).sub(repl, text)`,
 * nothing at all when no pattern is set. An empty pattern matches between every two characters,
 * as in Python.
 */
class ReplaceContentMapper extends Mapper<Params> {
  private readonly sub: PythonSub | null =
    this.params.pattern === null ? null : prepareSub('replace_content_mapper', 'pattern', stripRawPrefix(this.params.pattern), this.params.repl)

  protected processText(text: string): string {
    return this.sub === null ? text : this.sub.apply(text)
  }
}

export const replaceContentMapper = defineOp({
  name: 'replace_content_mapper',
  kind: 'mapper',
  description: 'Replaces every match of a regular expression with a replacement string.',
  params,
  create: (info, values, context) => new ReplaceContentMapper(info, values, context)
})
