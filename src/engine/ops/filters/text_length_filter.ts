import { declareParams, defineOp, type ParamValues } from '../define'
import { RangeFilter } from '../base'
import { codePointLength } from '../text'

const params = declareParams([
  { name: 'min_len', type: 'int', default: 10, min: 0, description: 'Shortest text kept, in characters.' },
  { name: 'max_len', type: 'int', default: null, min: 0, description: 'Longest text kept, in characters; empty for no limit.' }
])
type Params = ParamValues<typeof params>

class TextLengthFilter extends RangeFilter<Params> {
  protected readonly statKind = 'int'

  protected computeStat(text: string): number {
    return codePointLength(text)
  }
}

export const textLengthFilter = defineOp({
  name: 'text_length_filter',
  kind: 'filter',
  description: 'Keeps rows whose text length, in characters (Unicode code points), is between min_len and max_len inclusive.',
  statsKey: 'text_len',
  params,
  create: (info, values, context) => new TextLengthFilter(info, values, context)
})
