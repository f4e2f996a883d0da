import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { pythonStrip } from '../text'

/**
 * Data-Juicer's VARIOUS_WHITESPACES (ops/common/special_characters.py): the space-like characters
 * that become a plain space. Line breaks are not among them, so paragraphs survive.
 */
export const VARIOUS_WHITESPACES = [
  0x20, 0x09, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0xa0, 0x202f, 0x205f, 0x3000, 0x200b, 0x200c,
  0x200d, 0x2060, 0xfffc, 0x84
]

const OTHER_SPACES = new RegExp(
  `[${VARIOUS_WHITESPACES.filter((c) => c !== 0x20)
    .map((c) => `\\u${c.toString(16).padStart(4, '0')}`)
    .join('')}]`,
  'g'
)

const params = declareParams([])
type Params = ParamValues<typeof params>

/** `text.strip()`, then every character of VARIOUS_WHITESPACES becomes ' '. */
class WhitespaceNormalizationMapper extends Mapper<Params> {
  protected processText(text: string): string {
    return pythonStrip(text).replace(OTHER_SPACES, ' ')
  }
}

export const whitespaceNormalizationMapper = defineOp({
  name: 'whitespace_normalization_mapper',
  kind: 'mapper',
  description:
    'Trims leading and trailing whitespace and turns every other kind of space (non-breaking, zero-width, ideographic…) into a plain space.',
  params,
  create: (info, values, context) => new WhitespaceNormalizationMapper(info, values, context)
})
