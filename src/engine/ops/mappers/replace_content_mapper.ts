import type { OpDefinition } from '../registry'
import { Mapper } from '../base'
import { prepareSub, stripRawPrefix, type PythonSub } from '../pyregex-text'

/**
 * Data-Juicer (ops/mapper/replace_content_mapper.py): `re.compile(pattern, re.DOTALL).sub(repl, text)`,
 * nothing at all when no pattern is set. An empty pattern matches between every two characters,
 * as in Python.
 */
class ReplaceContentMapper extends Mapper {
  private readonly sub: PythonSub | null =
    this.params.pattern === null
      ? null
      : prepareSub('replace_content_mapper', 'pattern', stripRawPrefix(this.params.pattern as string), this.params.repl as string)

  protected processText(text: string): string {
    return this.sub === null ? text : this.sub.apply(text)
  }
}

export const replaceContentMapper: OpDefinition = {
  info: {
    name: 'replace_content_mapper',
    kind: 'mapper',
    description: 'Replaces every match of a regular expression with a replacement string.',
    params: [
      {
        name: 'pattern',
        type: 'string',
        default: null,
        description: "Python regular expression to find (r'...' accepted; . also matches newlines); unset changes nothing."
      },
      { name: 'repl', type: 'string', default: '', description: 'Replacement, in Python re.sub syntax (\\1, \\g<name>); empty deletes.' }
    ]
  },
  create: (params, context) => new ReplaceContentMapper(replaceContentMapper.info, params, context)
}
