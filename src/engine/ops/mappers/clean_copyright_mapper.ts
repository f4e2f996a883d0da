import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'

/** A C-style block comment (Data-Juicer's `/\*[^*]*\*+(?:[^/*][^*]*\*+)*\/`). */
const BLOCK_COMMENT = /\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\//u
const COPYRIGHT = /copyright/iu

/**
 * Data-Juicer (ops/mapper/clean_copyright_mapper.py, from RedPajama): if the text has a block
 * comment, only the first one is looked at and cut when it contains "copyright" (any case), and
 * nothing else happens. Otherwise the leading lines (split on '\n' only) that start with '//', '#'
 * or '--', or are empty, are dropped.
 */
export function cleanCopyright(text: string): string {
  const m = BLOCK_COMMENT.exec(text)
  if (m !== null) {
    return COPYRIGHT.test(m[0]) ? text.slice(0, m.index) + text.slice(m.index + m[0].length) : text
  }
  let start = 0
  let skipped = false
  while (start <= text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0) end = text.length
    const line = text.slice(start, end)
    if (!(line === '' || line.startsWith('//') || line.startsWith('#') || line.startsWith('--'))) break
    skipped = true
    start = end + 1
  }
  return skipped ? (start > text.length ? '' : text.slice(start)) : text
}

const params = declareParams([])
type Params = ParamValues<typeof params>

class CleanCopyrightMapper extends Mapper<Params> {
  protected processText(text: string): string {
    return cleanCopyright(text)
  }
}

export const cleanCopyrightMapper = defineOp({
  name: 'clean_copyright_mapper',
  kind: 'mapper',
  description:
    'Removes a copyright notice from code: the first /* ... */ comment if it mentions "copyright", otherwise the comment lines (//, #, --) and blank lines at the top.',
  params,
  create: (info, values, context) => new CleanCopyrightMapper(info, values, context)
})
