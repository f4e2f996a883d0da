import type { OpDefinition } from '../registry'
import { StatFilter } from '../base'
import { lineStats } from '../lines-text'

/**
 * Data-Juicer's maximum_line_length_filter (ops/filter/maximum_line_length_filter.py):
 * max_line_length = max(len(line) for line in text.splitlines()), 0 without lines, in code points
 * and without the line breaks. Keeps min_len <= max_line_length <= max_len.
 */
class MaximumLineLengthFilter extends StatFilter<number> {
  protected readonly statKind = 'int'
  private readonly min = this.params.min_len as number
  private readonly max = (this.params.max_len as number | null) ?? Infinity

  protected computeStat(text: string): number {
    return lineStats(text).maxLength
  }

  protected keep(length: number): boolean {
    return this.min <= length && length <= this.max
  }

  protected reason(length: number): string {
    return length < this.min ? `max_line_length ${length} < min_len ${this.min}` : `max_line_length ${length} > max_len ${this.max}`
  }
}

export const maximumLineLengthFilter: OpDefinition = {
  info: {
    name: 'maximum_line_length_filter',
    kind: 'filter',
    description: 'Keeps rows whose longest line, in characters, is between min_len and max_len inclusive.',
    statsKey: 'max_line_length',
    params: [
      { name: 'min_len', type: 'int', default: 10, min: 0, description: 'Shortest longest-line kept, in characters.' },
      { name: 'max_len', type: 'int', default: null, min: 0, description: 'Longest line allowed, in characters; empty for no limit.' }
    ]
  },
  create: (params, context) => new MaximumLineLengthFilter(maximumLineLengthFilter.info, params, context)
}
