import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { SieveError } from '../../../shared/errors'
import { fixText, type Normalization } from '../ftfy-text'

const FORMS: readonly Normalization[] = ['NFC', 'NFKC', 'NFD', 'NFKD']

const params = declareParams([
  {
    name: 'normalization',
    type: 'string',
    default: null,
    description: 'Unicode normalization form: NFC (the default when unset), NFKC, NFD or NFKD.'
  }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer (ops/mapper/fix_unicode_mapper.py): `ftfy.fix_text(text, normalization=...)` with
 * ftfy's other options at their defaults; see ftfy-text.ts for what the port covers.
 */
class FixUnicodeMapper extends Mapper<Params> {
  private readonly normalization: Normalization = resolveNormalization(this.params.normalization)

  protected processText(text: string): string {
    return fixText(text, this.normalization)
  }
}

/** None or '' means NFC; any case is accepted, as in Data-Juicer. */
function resolveNormalization(given: string | null): Normalization {
  if (given === null || given === '') return 'NFC'
  const form = given.toUpperCase() as Normalization
  if (!FORMS.includes(form)) {
    throw new SieveError('BAD_REQUEST', `fix_unicode_mapper: normalization '${given}' is not supported. Use one of ${FORMS.join(', ')}.`, {
      op: 'fix_unicode_mapper',
      param: 'normalization'
    })
  }
  return form
}

export const fixUnicodeMapper = defineOp({
  name: 'fix_unicode_mapper',
  kind: 'mapper',
  description:
    'Repairs broken Unicode as ftfy does: mojibake such as "cafÃ©" becomes "café", HTML entities are decoded, curly quotes become straight, fullwidth letters and ligatures are unfolded, line breaks become \\n, control characters go, and the text is Unicode-normalized.',
  params,
  create: (info, values, context) => new FixUnicodeMapper(info, values, context)
})
