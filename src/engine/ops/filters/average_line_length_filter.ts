import { declareParams, defineOp, type ParamValues } from '../define'
import { RangeFilter } from '../base'
import { codePointLength } from '../text'
import { lineStats } from '../lines-text'

const params = declareParams([
  { name: 'min_len', type: 'int', default: 10, min: 0, description: 'Lowest average line length kept, in characters.' },
  { name: 'max_len', type: 'int', default: null, min: 0, description: 'Highest average line length kept, in characters; empty for no limit.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's average_line_length_filter (ops/filter/average_line_length_filter.py):
 * avg_line_length = len(text) / len(text.splitlines()), 0.0 without lines. len(text) counts every
 * code point, line breaks included. Keeps min_len <= avg_line_length <= max_len.
 */
class AverageLineLengthFilter extends RangeFilter<Params> {
  protected readonly statKind = 'float'

  protected computeStat(text: string): number {
    const { lines } = lineStats(text)
    return lines === 0 ? 0 : codePointLength(text) / lines
  }
}

export const averageLineLengthFilter = defineOp({
  name: 'average_line_length_filter',
  kind: 'filter',
  description:
    "Keeps rows whose average line length is between min_len and max_len inclusive: the text's length in characters (line breaks included) divided by its number of lines.",
  statsKey: 'avg_line_length',
  params,
  create: (info, values, context) => new AverageLineLengthFilter(info, values, context)
})
