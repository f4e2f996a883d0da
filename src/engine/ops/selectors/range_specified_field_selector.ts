import type { RecordBatch } from 'apache-arrow'
import { declareParams, defineOp, type ParamValues } from '../define'
import { fieldValues } from '../fields'
import { Selector, type GlobalDecision } from '../global'
import { isPythonSpace } from '../text'
import { dropAllBut } from './field-key'

const params = declareParams([
  { name: 'field_key', type: 'string', default: '', description: 'The field to rank by; dots reach into nested fields.' },
  {
    name: 'lower_percentile',
    type: 'float',
    default: null,
    min: 0,
    max: 1,
    description: 'Rows ranked below this share of the dataset (ascending) are dropped; the larger of it and lower_rank applies.'
  },
  {
    name: 'upper_percentile',
    type: 'float',
    default: null,
    min: 0,
    max: 1,
    description: 'Rows ranked above this share of the dataset (ascending) are dropped; the smaller of it and upper_rank applies.'
  },
  { name: 'lower_rank', type: 'int', default: null, min: 1, description: 'Rows ranked at or below this (ascending) are dropped.' },
  { name: 'upper_rank', type: 'int', default: null, min: 1, description: 'Rows ranked above this (ascending) are dropped.' }
])
type Params = ParamValues<typeof params>

/** Python's -sys.maxsize: what Data-Juicer's stats_to_number makes of a value it cannot read. */
const UNREADABLE = -Number(2n ** 63n - 1n)

const PYTHON_FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.\d(?:_?\d)*|\d(?:_?\d)*\.?)(?:[eE][+-]?\d(?:_?\d)*)?$/
const PYTHON_SPECIAL = /^[+-]?(?:inf|infinity|nan)$/i

/** Python's float(text), or null where it raises. */
function pythonFloat(text: string): number | null {
  let start = 0
  let end = text.length
  while (start < end && isPythonSpace(text.charCodeAt(start))) start++
  while (end > start && isPythonSpace(text.charCodeAt(end - 1))) end--
  const t = text.slice(start, end)
  if (PYTHON_FLOAT.test(t)) return Number(t.replaceAll('_', ''))
  if (!PYTHON_SPECIAL.test(t)) return null
  const sign = t.startsWith('-') ? -1 : 1
  return /nan/i.test(t) ? NaN : sign * Infinity
}

/** Data-Juicer's stats_to_number: a string read as a float, a list its mean, a number itself; anything else -sys.maxsize. */
export function statsToNumber(value: unknown): number {
  if (typeof value === 'string') return pythonFloat(value) ?? UNREADABLE
  if (typeof value === 'number') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  const list = Array.isArray(value)
    ? value
    : value !== null && typeof value === 'object' && 'toArray' in value
      ? [...(value as { toArray(): unknown[] }).toArray()]
      : null
  if (list === null || list.length === 0) return UNREADABLE
  const numbers = list.map((v) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? pythonFloat(v) : null))
  return numbers.every((n) => n !== null) ? (numbers as number[]).reduce((a, b) => a + b, 0) / numbers.length : UNREADABLE
}

/**
 * Data-Juicer's range_specified_field_selector (ops/selector/range_specified_field_selector.py):
 * ranks the rows by their field's value read as a number (statsToNumber) and keeps the ranks
 * between the lower bound (int(lower_percentile × rows), or lower_rank, the larger) and the upper
 * bound (int(upper_percentile × rows), or upper_rank, the smaller). It picks them as Data-Juicer
 * does: the `upper` smallest values (ties by input order), then of those the `upper − lower`
 * largest (ties by that order). Without a lower and an upper bound, with one row, or with an
 * empty field_key, every row is kept. Sieve keeps the selected rows in input order.
 */
class RangeSpecifiedFieldSelector extends Selector<Params> {
  private readonly field = this.params.field_key

  protected withKeys(batch: RecordBatch): RecordBatch {
    if (this.field === '') return super.withKeys(batch)
    return this.keyColumn(
      batch,
      fieldValues(batch, this.field, this.name).map((v) => String(statsToNumber(v)))
    )
  }

  decision(): GlobalDecision {
    const values: number[] = []
    const p = this.params
    return {
      add(keys) {
        for (const k of keys) values.push(k === null || k === '' ? UNREADABLE : Number(k))
      },
      finish() {
        const total = values.length
        if (total <= 1 || p.field_key === '') return []
        if (p.lower_percentile === null && p.lower_rank === null) return []
        if (p.upper_percentile === null && p.upper_rank === null) return []
        let lower = 0
        let upper = total
        if (p.lower_percentile !== null) lower = Math.trunc(p.lower_percentile * total)
        if (p.lower_rank !== null) lower = Math.max(lower, p.lower_rank)
        if (p.upper_percentile !== null) upper = Math.trunc(p.upper_percentile * total)
        if (p.upper_rank !== null) upper = Math.min(upper, p.upper_rank)
        upper = Math.max(lower, upper)
        // heapq.nsmallest and nlargest, both stable: equal values keep the order they come in.
        const smallest = values
          .map((_, i) => i)
          .sort((a, b) => values[a]! - values[b]! || a - b)
          .slice(0, upper)
        const chosen = [...smallest].sort((a, b) => values[b]! - values[a]!).slice(0, upper - lower)
        const kept = new Uint8Array(total)
        for (const i of chosen) kept[i] = 1
        return dropAllBut(total, kept)
      }
    }
  }
}

export const rangeSpecifiedFieldSelector = defineOp({
  name: 'range_specified_field_selector',
  kind: 'selector',
  description: 'Keeps the rows whose field ranks (ascending) between a lower and an upper bound, given as percentiles or ranks.',
  params,
  create: (info, values, context) => new RangeSpecifiedFieldSelector(info, values, context)
})
