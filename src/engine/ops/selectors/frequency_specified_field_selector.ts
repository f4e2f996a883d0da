import type { RecordBatch } from 'apache-arrow'
import { declareParams, defineOp, type ParamValues } from '../define'
import { fieldValues } from '../fields'
import { Selector, type GlobalDecision } from '../global'
import { dropAllBut, scalarKey } from './field-key'

const params = declareParams([
  { name: 'field_key', type: 'string', default: '', description: 'The field whose values to count; dots reach into nested fields.' },
  {
    name: 'top_ratio',
    type: 'float',
    default: null,
    min: 0,
    max: 1,
    description: 'Share of the distinct values to keep the rows of, most frequent first; empty (or 0) for no ratio limit.'
  },
  { name: 'topk', type: 'int', default: null, min: 1, description: 'Number of distinct values to keep the rows of; empty for no count limit.' },
  { name: 'reverse', type: 'bool', default: true, description: 'True keeps the most frequent values, false the least frequent.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's frequency_specified_field_selector (ops/selector/frequency_specified_field_selector.py):
 * groups the rows by their field's value (a string, a number or empty — empty is a value too),
 * orders the groups by size (largest first with reverse, ties in order of first appearance) and
 * keeps every row of the first groups: topk of them, or top_ratio of the number of distinct
 * values (rounded down), the smaller when both are set. Neither set, a dataset of one row, or an
 * empty field_key keeps every row. Data-Juicer returns the rows group by group; Sieve keeps them
 * in input order.
 */
class FrequencySpecifiedFieldSelector extends Selector<Params> {
  private readonly field = this.params.field_key

  protected withKeys(batch: RecordBatch): RecordBatch {
    if (this.field === '') return super.withKeys(batch)
    return this.keyColumn(
      batch,
      fieldValues(batch, this.field, this.name).map((v) => scalarKey(this.name, this.field, v))
    )
  }

  decision(): GlobalDecision {
    const groups = new Map<string, number[]>()
    let total = 0
    const { field_key: field, top_ratio: ratio, topk, reverse } = this.params
    return {
      add(keys) {
        for (const key of keys) {
          const k = key ?? 'null'
          const group = groups.get(k)
          if (group === undefined) groups.set(k, [total])
          else group.push(total)
          total++
        }
      },
      finish() {
        if (total <= 1 || field === '') return []
        // Python's `not top_ratio` / `not topk`: 0 counts as unset.
        let selectNum: number
        if (!ratio) {
          if (!topk) return []
          selectNum = topk
        } else {
          selectNum = ratio * groups.size
          if (topk && topk < selectNum) selectNum = topk
        }
        // Array.prototype.sort is stable, as Python's sorted is, also with reverse.
        const ordered = [...groups.values()].sort((a, b) => (reverse ? b.length - a.length : a.length - b.length))
        const kept = new Uint8Array(total)
        for (const group of ordered.slice(0, Math.trunc(selectNum))) for (const i of group) kept[i] = 1
        return dropAllBut(total, kept)
      }
    }
  }
}

export const frequencySpecifiedFieldSelector = defineOp({
  name: 'frequency_specified_field_selector',
  kind: 'selector',
  description:
    'Keeps the rows whose field has one of the most frequent values (or, with reverse false, the least frequent): topk values or a top_ratio share of them.',
  params,
  create: (info, values, context) => new FrequencySpecifiedFieldSelector(info, values, context)
})
