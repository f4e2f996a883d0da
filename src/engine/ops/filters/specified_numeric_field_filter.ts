import type { RecordBatch } from 'apache-arrow'
import type { OpDefinition } from '../registry'
import { Filter, type OpOutput } from '../base'
import { selectRows } from '../batch'
import { fieldValues } from '../fields'

/**
 * Data-Juicer's specified_numeric_field_filter: keeps rows whose `field_key` value is a number
 * (or numeric text) within [min_value, max_value]; a value that is not a number is dropped. It has no stat.
 */
class SpecifiedNumericFieldFilter extends Filter {
  private readonly key = this.params.field_key as string
  private readonly min = (this.params.min_value as number | null) ?? -Infinity
  private readonly max = (this.params.max_value as number | null) ?? Infinity

  protected apply(batch: RecordBatch, keepRejected: boolean): OpOutput {
    if (this.key === '') return { batch }
    const values = fieldValues(batch, this.key, this.name)
    const keep = new Uint8Array(batch.numRows)
    const reasons: string[] = []
    values.forEach((v, i) => {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
      if (Number.isFinite(n) && this.min <= n && n <= this.max) keep[i] = 1
      else reasons.push(Number.isNaN(n) ? `${this.key} is not a number` : `${this.key} ${n} is outside [${this.min}, ${this.max}]`)
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

export const specifiedNumericFieldFilter: OpDefinition = {
  info: {
    name: 'specified_numeric_field_filter',
    kind: 'filter',
    description: 'Keeps rows whose numeric field (dots reach into nested fields) is between min_value and max_value inclusive.',
    params: [
      { name: 'field_key', type: 'string', default: '', description: 'The field to look at; dots reach into nested fields.' },
      { name: 'min_value', type: 'float', default: null, description: 'Smallest value kept; empty for no lower bound.' },
      { name: 'max_value', type: 'float', default: null, description: 'Largest value kept; empty for no upper bound.' }
    ]
  },
  create: (params, context) => new SpecifiedNumericFieldFilter(specifiedNumericFieldFilter.info, params, context)
}
