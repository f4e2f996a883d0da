import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { prepareSub, stripRawPrefix, type PythonSub } from '../pyregex-text'

/**
 * Data-Juicer's default pattern (ops/mapper/clean_ip_mapper.py): an IPv4 address (each part
 * 0–255, no leading zeros) or a full eight-group IPv6 address. It has no word boundaries, so
 * '1234.1.1.1' loses '234.1.1.1'.
 */
export const IP_PATTERN =
  String.raw`(?:(?:1[0-9][0-9]\.)|(?:2[0-4][0-9]\.)|(?:25[0-5]\.)|(?:[1-9][0-9]\.)|(?:[0-9]\.)){3}` +
  String.raw`(?:(?:1[0-9][0-9])|(?:2[0-4][0-9])|(?:25[0-5])|(?:[1-9][0-9])|(?:[0-9]))|` +
  String.raw`([\da-fA-F]{1,4}:){7}[\da-fA-F]{1,4}`

const params = declareParams([
  {
    name: 'pattern',
    type: 'string',
    default: null,
    description: "Python regular expression to find (r'...' accepted); unset means the built-in IPv4/IPv6 pattern."
  },
  { name: 'repl', type: 'string', default: '', description: 'Replacement, in Python re.sub syntax (\\1, \\g<name>); empty deletes.' }
])
type Params = ParamValues<typeof params>

/** `re.sub(pattern, repl, text, flags=re.DOTALL)` with Data-Juicer's IP pattern unless one is given. */
class CleanIpMapper extends Mapper<Params> {
  private readonly sub: PythonSub = prepareSub(
    'clean_ip_mapper',
    'pattern',
    this.params.pattern === null ? IP_PATTERN : stripRawPrefix(this.params.pattern),
    this.params.repl
  )

  /** The built-in pattern cannot match without a '.' or ':': such texts skip the regex. */
  private readonly quick = this.params.pattern === null

  protected processText(text: string): string {
    if (this.quick && !(text.includes('.') || text.includes(':'))) return text
    return this.sub.apply(text)
  }
}

export const cleanIpMapper = defineOp({
  name: 'clean_ip_mapper',
  kind: 'mapper',
  description: 'Removes IPv4 and IPv6 addresses from the text (or replaces them with repl).',
  params,
  create: (info, values, context) => new CleanIpMapper(info, values, context)
})
