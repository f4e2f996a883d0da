import type { RecordBatch } from 'apache-arrow'
import { declareParams, defineOp, type ParamValues } from '../define'
import { positionsNotIn, Selector, type GlobalDecision } from '../global'
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

  /** The k rows to keep (a bounded heap while the rows stream by), then every other row dropped. */
  decision(total: number): GlobalDecision {
    const { top_ratio: ratio, topk, reverse: descending } = this.params
    const selects = this.field !== '' && (ratio !== null || topk !== null)
    const k = Math.min(total, ratio !== null ? Math.floor(ratio * total) : Infinity, topk ?? Infinity)
    const kept = new TopRows(selects ? k : 0, descending)
    let position = 0
    return {
      add(keys) {
        if (!selects) return
        for (const key of keys) {
          const value = key === null || key === '' ? NaN : Number(key)
          if (!Number.isNaN(value)) kept.offer(value, position)
          position++
        }
      },
      finish: () => (selects ? positionsNotIn(kept.positions(), total) : [])
    }
  }
}

/**
 * The best `k` rows seen, in a heap whose root is the worst of them: a row replaces it only when
 * better. Rows come in input order, so a tie never replaces a row kept: the earlier row stays.
 */
class TopRows {
  private readonly values: Float64Array
  private readonly rows: Float64Array
  private size = 0

  constructor(
    private readonly k: number,
    private readonly descending: boolean
  ) {
    this.values = new Float64Array(k)
    this.rows = new Float64Array(k)
  }

  offer(value: number, row: number): void {
    if (this.size < this.k) {
      let i = this.size++
      // Sift up: a worse row moves towards the root.
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (!this.worse(value, row, this.values[parent]!, this.rows[parent]!)) break
        this.values[i] = this.values[parent]!
        this.rows[i] = this.rows[parent]!
        i = parent
      }
      this.values[i] = value
      this.rows[i] = row
      return
    }
    if (this.k === 0 || !this.worse(this.values[0]!, this.rows[0]!, value, row)) return
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      if (l >= this.k) break
      const r = l + 1
      const m = r < this.k && this.worse(this.values[r]!, this.rows[r]!, this.values[l]!, this.rows[l]!) ? r : l
      if (!this.worse(this.values[m]!, this.rows[m]!, value, row)) break
      this.values[i] = this.values[m]!
      this.rows[i] = this.rows[m]!
      i = m
    }
    this.values[i] = value
    this.rows[i] = row
  }

  /** The rows kept, ascending. */
  positions(): Float64Array {
    return this.rows.slice(0, this.size).sort()
  }

  /** Whether row (a, i) ranks below row (b, j): a smaller value (larger, ascending) or, tied, a later row. */
  private worse(a: number, i: number, b: number, j: number): boolean {
    if (a !== b) return this.descending ? a < b : a > b
    return i > j
  }
}

export const topkSpecifiedFieldSelector = defineOp({
  name: 'topk_specified_field_selector',
  kind: 'selector',
  description: 'Keeps the rows with the highest (or, with reverse false, lowest) values of a field over the whole dataset.',
  params,
  create: (info, values, context) => new TopkSpecifiedFieldSelector(info, values, context)
})
