import type { OpDefinition } from '../registry'
import { StatFilter } from '../base'
import { codePointLength } from '../text'

class TextLengthFilter extends StatFilter<number> {
  protected readonly statKind = 'int'
  private readonly min = this.params.min_len as number
  private readonly max = (this.params.max_len as number | null) ?? Infinity

  protected computeStat(text: string): number {
    return codePointLength(text)
  }

  protected keep(length: number): boolean {
    return this.min <= length && length <= this.max
  }

  protected reason(length: number): string {
    return length < this.min ? `text_len ${length} < min_len ${this.min}` : `text_len ${length} > max_len ${this.max}`
  }
}

export const textLengthFilter: OpDefinition = {
  info: {
    name: 'text_length_filter',
    kind: 'filter',
    description: 'Keeps rows whose text length, in characters (Unicode code points), is between min_len and max_len inclusive.',
    statsKey: 'text_len',
    params: [
      { name: 'min_len', type: 'int', default: 10, min: 0, description: 'Shortest text kept, in characters.' },
      { name: 'max_len', type: 'int', default: null, min: 0, description: 'Longest text kept, in characters; empty for no limit.' }
    ]
  },
  create: (params, context) => new TextLengthFilter(textLengthFilter.info, params, context)
}
