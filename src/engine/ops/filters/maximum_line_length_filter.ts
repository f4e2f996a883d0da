import { declareParams, defineOp, type ParamValues } from '../define'
import { RangeFilter } from '../base'
import { lineStats } from '../lines-text'

const params = declareParams([
  { name: 'min_len', type: 'int', default: 10, min: 0, description: 'Shortest longest-line kept, in characters.' },
  { name: 'max_len', type: 'int', default: null, min: 0, description: 'Longest line allowed, in characters; empty for no limit.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's maximum_line_length_filter (ops/filter/maximum_line_length_filter.py):
 * max_line_length = max(len(line) for line in text.splitlines()), 0 without lines, in code points
 * and without the line breaks. Keeps min_len <= max_line_length <= max_len.
 */
class MaximumLineLengthFilter extends RangeFilter<Params> {
  protected readonly statKind = 'int'

  protected computeStat(text: string): number {
    return lineStats(text).maxLength
  }
}

export const maximumLineLengthFilter = defineOp({
  name: 'maximum_line_length_filter',
  kind: 'filter',
  description: 'Keeps rows whose longest line, in characters, is between min_len and max_len inclusive.',
  statsKey: 'max_line_length',
  params,
  create: (info, values, context) => new MaximumLineLengthFilter(info, values, context)
})
