import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { prepareSub, type PythonSub } from '../pyregex-text'

/**
 * Data-Juicer (ops/mapper/remove_specific_chars_mapper.py) builds the Python pattern
 * `'[' + '|'.join(chars_to_remove) + ']'` and deletes its matches. Built the same way here, so its
 * quirks carry over: with two or more characters '|' is removed too, and characters such as '-',
 * '^', ']' or '\' keep their regex meaning inside the class.
 */
export function specificCharsPattern(chars: string): string {
  return `[${[...chars].join('|')}]`
}

const params = declareParams([
  {
    name: 'chars_to_remove',
    type: 'string',
    default: '◆●■►▼▲▴∆▻▷❖♡□',
    description:
      "The characters to delete, written together; empty deletes nothing. As in Data-Juicer, '|' is deleted too when two or more are given."
  }
])
type Params = ParamValues<typeof params>

class RemoveSpecificCharsMapper extends Mapper<Params> {
  private readonly sub: PythonSub | null =
    this.params.chars_to_remove === ''
      ? null
      : prepareSub('remove_specific_chars_mapper', 'chars_to_remove', specificCharsPattern(this.params.chars_to_remove), '')

  protected processText(text: string): string {
    return this.sub === null ? text : this.sub.apply(text)
  }
}

export const removeSpecificCharsMapper = defineOp({
  name: 'remove_specific_chars_mapper',
  kind: 'mapper',
  description: 'Deletes every occurrence of the given characters (by default decorative symbols such as ◆●■►▼▲).',
  params,
  create: (info, values, context) => new RemoveSpecificCharsMapper(info, values, context)
})
