import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { prepareSub, stripRawPrefix, type PythonSub } from '../pyregex-text'

/** Data-Juicer's default e-mail pattern (ops/mapper/clean_email_mapper.py): note the domain is lowercase-only. */
export const EMAIL_PATTERN = String.raw`[A-Za-z0-9.\-+_]+@[a-z0-9.\-+_]+\.[a-z]+`

const params = declareParams([
  {
    name: 'pattern',
    type: 'string',
    default: null,
    description: "Python regular expression to find (r'...' accepted); unset means the built-in e-mail pattern."
  },
  { name: 'repl', type: 'string', default: '', description: 'Replacement, in Python re.sub syntax (\\1, \\g<name>); empty deletes.' }
])
type Params = ParamValues<typeof params>

/** `re.sub(pattern, repl, text, flags=re.DOTALL)` with Data-Juicer's e-mail pattern unless one is given. */
class CleanEmailMapper extends Mapper<Params> {
  private readonly sub: PythonSub = prepareSub(
    'clean_email_mapper',
    'pattern',
    this.params.pattern === null ? EMAIL_PATTERN : stripRawPrefix(this.params.pattern),
    this.params.repl
  )

  /** The built-in pattern cannot match without an '@': such texts skip the regex. */
  private readonly quick = this.params.pattern === null

  protected processText(text: string): string {
    if (this.quick && !text.includes('@')) return text
    return this.sub.apply(text)
  }
}

export const cleanEmailMapper = defineOp({
  name: 'clean_email_mapper',
  kind: 'mapper',
  description: 'Removes e-mail addresses from the text (or replaces them with repl).',
  params,
  create: (info, values, context) => new CleanEmailMapper(info, values, context)
})
