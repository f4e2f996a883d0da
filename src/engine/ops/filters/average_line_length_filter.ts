import type { OpDefinition } from '../registry'
import { StatFilter } from '../base'
import { codePointLength } from '../text'
import { lineStats } from '../lines-text'

/**
 * Data-Juicer's average_line_length_filter (ops/filter/average_line_length_filter.py):
 * avg_line_length = len(text) / len(text.splitlines()), 0.0 without lines. len(text) counts every
 * code point, line breaks included. Keeps min_len <= avg_line_length <= max_len.
 */
class AverageLineLengthFilter extends StatFilter<number> {
  protected readonly statKind = 'float'
  private readonly min = this.params.min_len as number
  private readonly max = (this.params.max_len as number | null) ?? Infinity

  protected computeStat(text: string): number {
    const { lines } = lineStats(text)
    return lines === 0 ? 0 : codePointLength(text) / lines
  }

  protected keep(average: number): boolean {
    return this.min <= average && average <= this.max
  }

  protected reason(average: number): string {
    return average < this.min ? `avg_line_length ${average} < min_len ${this.min}` : `avg_line_length ${average} > max_len ${this.max}`
  }
}

export const averageLineLengthFilter: OpDefinition = {
  info: {
    name: 'average_line_length_filter',
    kind: 'filter',
    description:
      "Keeps rows whose average line length is between min_len and max_len inclusive: the text's length in characters (line breaks included) divided by its number of lines.",
    statsKey: 'avg_line_length',
    params: [
      { name: 'min_len', type: 'int', default: 10, min: 0, description: 'Lowest average line length kept, in characters.' },
      { name: 'max_len', type: 'int', default: null, min: 0, description: 'Highest average line length kept, in characters; empty for no limit.' }
    ]
  },
  create: (params, context) => new AverageLineLengthFilter(averageLineLengthFilter.info, params, context)
}
