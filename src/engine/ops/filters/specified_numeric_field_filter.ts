import type { RecordBatch } from 'apache-arrow'
import { declareParams, defineOp, type ParamValues } from '../define'
import { Filter, rangeReason, type OpOutput } from '../base'
import { keepsValue, rangeModeOf } from '../../../shared/ops'
import { selectRows } from '../batch'
import { fieldValues } from '../fields'

const params = declareParams([
  { name: 'field_key', type: 'string', default: '', description: 'The field to look at; dots reach into nested fields.' },
  { name: 'min_value', type: 'float', default: null, description: 'Smallest value kept; empty for no lower bound.' },
  { name: 'max_value', type: 'float', default: null, description: 'Largest value kept; empty for no upper bound.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's specified_numeric_field_filter: keeps rows whose `field_key` value is a number
 * (or numeric text) within [min_value, max_value], as its range mode reads them; a value that is not a number is dropped. It has no stat.
 */
class SpecifiedNumericFieldFilter extends Filter<Params> {
  private readonly key = this.params.field_key
  private readonly min = this.params.min_value
  private readonly max = this.params.max_value
  private readonly mode = this.context.range ?? rangeModeOf({})

  protected apply(batch: RecordBatch, keepRejected: boolean): OpOutput {
    if (this.key === '') return { batch }
    const values = fieldValues(batch, this.key, this.name)
    const keep = new Uint8Array(batch.numRows)
    const reasons: string[] = []
    values.forEach((v, i) => {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
      // As in Data-Juicer, a value that is not a number is dropped whatever the range mode.
      if (Number.isFinite(n) && keepsValue(n, this.min, this.max, this.mode)) keep[i] = 1
      else if (Number.isNaN(n)) reasons.push(`${this.key} is not a number`)
      else reasons.push(rangeReason(`${this.key} ${n}`, n, { name: 'min_value', value: this.min }, { name: 'max_value', value: this.max }, this.mode))
    })
    const kept = selectRows(batch, keep)
    if (!keepRejected) return { batch: kept }
    return {
      batch: kept,
      rejected: {
        batch: selectRows(
          batch,
          keep.map((k) => 1 - k)
        ),
        reasons
      }
    }
  }
}

export const specifiedNumericFieldFilter = defineOp({
  name: 'specified_numeric_field_filter',
  kind: 'filter',
  description: 'Keeps rows whose numeric field (dots reach into nested fields) is between min_value and max_value inclusive.',
  params,
  create: (info, values, context) => new SpecifiedNumericFieldFilter(info, values, context)
})
