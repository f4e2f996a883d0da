import type { RecordBatch } from 'apache-arrow'
import { declareParams, defineOp, type ParamValues } from '../define'
import { Selector, type GlobalDecision } from '../global'
import { fieldValues } from '../fields'

const params = declareParams([
  { name: 'field_key', type: 'string', default: '', description: 'The numeric field to rank by; dots reach into nested fields.' },
  { name: 'top_ratio', type: 'float', default: null, min: 0, max: 1, description: 'Share of rows to keep; empty for no ratio limit.' },
  { name: 'topk', type: 'int', default: null, min: 0, description: 'Number of rows to keep; empty for no count limit.' },
  { name: 'reverse', type: 'bool', default: true, description: 'True keeps the largest values, false the smallest.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's topk_specified_field_selector: keeps the rows with the largest (reverse: true,
 * the default) or smallest values of a field over the whole dataset — topk rows or top_ratio of
 * them, the smaller when both are set — in input order. Ties keep the earlier row; rows whose
 * value is not a number are not selected.
 */
class TopkSpecifiedFieldSelector extends Selector<Params> {
  private readonly field = this.params.field_key

  protected withKeys(batch: RecordBatch): RecordBatch {
    const values = this.field === '' ? new Array(batch.numRows).fill(null) : fieldValues(batch, this.field, this.name)
    const keys = values.map((v) =>
      typeof v === 'number' ? String(v) : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? v : ''
    )
    return this.keyColumn(batch, keys)
  }

  decision(): GlobalDecision {
    const values: number[] = []
    const ratio = this.params.top_ratio
    const topk = this.params.topk
    const descending = this.params.reverse
    const field = this.field
    return {
      add(keys) {
        for (const k of keys) values.push(k === null || k === '' ? NaN : Number(k))
      },
      finish() {
        const total = values.length
        if (field === '' || (ratio === null && topk === null)) return []
        const keep = Math.min(total, ratio !== null ? Math.floor(ratio * total) : Infinity, topk ?? Infinity)
        const ranked = values
          .map((_, i) => i)
          .filter((i) => !Number.isNaN(values[i]!))
          .sort((a, b) => (descending ? values[b]! - values[a]! : values[a]! - values[b]!) || a - b)
        const kept = new Uint8Array(total)
        for (const i of ranked.slice(0, keep)) kept[i] = 1
        const drop: number[] = []
        for (let i = 0; i < total; i++) if (!kept[i]) drop.push(i)
        return drop
      }
    }
  }
}

export const topkSpecifiedFieldSelector = defineOp({
  name: 'topk_specified_field_selector',
  kind: 'selector',
  description: 'Keeps the rows with the highest (or, with reverse false, lowest) values of a field over the whole dataset.',
  params,
  create: (info, values, context) => new TopkSpecifiedFieldSelector(info, values, context)
})
