import type { RecordBatch } from 'apache-arrow'
import { declareParams, defineOp, type ParamValues } from '../define'
import { Filter, type OpOutput } from '../base'
import { selectRows } from '../batch'
import { fieldValues } from '../fields'

const params = declareParams([
  { name: 'field_key', type: 'string', default: '', description: 'The field to look at; dots reach into nested fields.' },
  { name: 'target_value', type: 'string_list', default: [], description: 'The values to keep; empty keeps every row.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's specified_field_filter: keeps rows whose `field_key` value is one of
 * `target_value` (compared as text; a list value must have every element in the targets).
 * With no targets every row is kept. It has no stat.
 */
class SpecifiedFieldFilter extends Filter<Params> {
  private readonly key = this.params.field_key
  private readonly targets = new Set(this.params.target_value.map(String))

  protected apply(batch: RecordBatch, keepRejected: boolean): OpOutput {
    if (this.key === '' || this.targets.size === 0) return { batch }
    const values = fieldValues(batch, this.key, this.name)
    const keep = new Uint8Array(batch.numRows)
    values.forEach((v, i) => {
      const list = Array.isArray(v) ? v : v !== null && typeof v === 'object' && 'toArray' in v ? [...(v as { toArray(): unknown[] }).toArray()] : [v]
      keep[i] = list.length > 0 && list.every((x) => this.targets.has(String(x))) ? 1 : 0
    })
    const kept = selectRows(batch, keep)
    if (!keepRejected) return { batch: kept }
    const rejected = selectRows(
      batch,
      keep.map((k) => 1 - k)
    )
    return {
      batch: kept,
      rejected: { batch: rejected, reasons: new Array<string>(rejected.numRows).fill(`${this.key} is not one of the target values`) }
    }
  }
}

export const specifiedFieldFilter = defineOp({
  name: 'specified_field_filter',
  kind: 'filter',
  description: 'Keeps rows whose field (e.g. meta.source; dots reach into nested fields) has one of the target values.',
  params,
  create: (info, values, context) => new SpecifiedFieldFilter(info, values, context)
})
