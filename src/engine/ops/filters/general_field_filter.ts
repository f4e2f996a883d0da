import type { RecordBatch } from 'apache-arrow'
import { SieveError } from '../../../shared/errors'
import type { OpInfo } from '../../../shared/ops'
import { Filter, type OpContext, type OpOutput } from '../base'
import { readStat, rowObjects, selectRows, withStat } from '../batch'
import { declareParams, defineOp, type ParamValues } from '../define'
import { ConditionError, parseCondition, type Condition } from './python-condition'

const STAT = 'general_field_filter_condition'

const params = declareParams([
  {
    name: 'filter_condition',
    type: 'string',
    default: '',
    description:
      "A Python condition on the row's fields, e.g. \"10 < num <= 30 and meta.source != 'web'\"; and, or, comparisons, dotted field names, constants. Empty keeps every row."
  }
])
type Params = ParamValues<typeof params>

type Value = unknown

/** Python's truth value. */
function truthy(v: Value): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'object') return Object.keys(v).length > 0
  return true
}

/** A value as Python sees it: 64-bit integers as numbers, booleans as the integers they are in comparisons. */
function plain(v: Value): Value {
  return typeof v === 'bigint' ? Number(v) : v
}

const numeric = (v: Value): v is number | boolean => typeof v === 'number' || typeof v === 'boolean'

/** Python's ==: numbers (and booleans) by value, strings exactly, lists and mappings element by element. */
function equal(a: Value, b: Value): boolean {
  if (numeric(a) && numeric(b)) return Number(a) === Number(b)
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(plain(x), plain(b[i])))
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a)
    const ob = b as Record<string, Value>
    return ka.length === Object.keys(ob).length && ka.every((k) => k in ob && equal(plain((a as Record<string, Value>)[k]), plain(ob[k])))
  }
  return a === b
}

/** Compares strings by code point, as Python does (JS compares UTF-16 units). */
function compareStrings(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!
    if (d !== 0) return d
  }
  return x.length - y.length
}

const describe = (v: Value): string =>
  `${JSON.stringify(v)} (${Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : typeof v === 'boolean' ? 'a boolean' : `a ${typeof v}`})`

/** Data-Juicer's general_field_filter: keeps the rows for which filter_condition holds. */
class GeneralFieldFilter extends Filter<Params> {
  private readonly source = this.params.filter_condition.trim()
  private readonly condition: Condition | null

  constructor(info: OpInfo, values: Params, context: OpContext) {
    super(info, values, context)
    try {
      this.condition = this.source === '' ? null : parseCondition(this.source)
    } catch (err) {
      if (!(err instanceof ConditionError)) throw err
      throw new SieveError('BAD_REQUEST', `${info.name}: 'filter_condition' is not a condition Sieve can evaluate: ${err.message}.`, {
        op: info.name,
        param: 'filter_condition'
      })
    }
  }

  private order(op: string, a: Value, b: Value): number {
    if (numeric(a) && numeric(b)) return Number(a) - Number(b)
    if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b)
    // The row's values, not the recipe, are at fault (another row may compare fine), so skip_op_error can set the row aside.
    throw new SieveError('MALFORMED', `${this.name}: '${op}' cannot compare ${describe(a)} with ${describe(b)} in "${this.source}".`, {
      op: this.name
    })
  }

  private holds(op: string, a: Value, b: Value): boolean {
    switch (op) {
      case '==':
        return equal(a, b)
      case '!=':
        return !equal(a, b)
      case '<':
        return this.order(op, a, b) < 0
      case '<=':
        return this.order(op, a, b) <= 0
      case '>':
        return this.order(op, a, b) > 0
      default:
        return this.order(op, a, b) >= 0
    }
  }

  private evaluate(c: Condition, row: Record<string, Value>): Value {
    switch (c.kind) {
      case 'constant':
        return c.value
      case 'name': {
        // A field the row lacks, or a part of a path that is not a mapping, is None.
        let v: Value = row[c.path[0]!]
        for (const key of c.path.slice(1))
          v = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Value>)[key] : undefined
        return v === undefined ? null : plain(v)
      }
      case 'bool':
        return c.op === 'and' ? c.values.every((v) => truthy(this.evaluate(v, row))) : c.values.some((v) => truthy(this.evaluate(v, row)))
      case 'compare': {
        let left = this.evaluate(c.left, row)
        for (let i = 0; i < c.ops.length; i++) {
          const right = this.evaluate(c.rights[i]!, row)
          if (left === null || right === null) return false
          if (!this.holds(c.ops[i]!, left, right)) return false
          left = right
        }
        return true
      }
    }
  }

  /** Each row's result, 1 or 0 (Data-Juicer stores the boolean); a row that already has it is not evaluated again. */
  private results(batch: RecordBatch): { batch: RecordBatch; keep: Uint8Array } {
    const existing = readStat(batch, STAT)
    const rows = existing !== undefined && existing.every((v) => v !== null) ? null : rowObjects(batch)
    const values = Array.from({ length: batch.numRows }, (_, i) => {
      const known = existing?.[i]
      if (known !== undefined && known !== null) return Number(known) ? 1 : 0
      return truthy(this.evaluate(this.condition!, rows![i]!)) ? 1 : 0
    })
    return { batch: rows === null ? batch : withStat(batch, STAT, 'int', values), keep: Uint8Array.from(values) }
  }

  override withStats(batch: RecordBatch): RecordBatch {
    return this.condition === null ? batch : this.results(batch).batch
  }

  protected apply(batch: RecordBatch, keepRejected: boolean): OpOutput {
    if (this.condition === null) return { batch }
    const { batch: withResults, keep } = this.results(batch)
    const kept = selectRows(withResults, keep)
    if (!keepRejected) return { batch: kept, kept: keep }
    const rejected = selectRows(
      withResults,
      keep.map((k) => 1 - k)
    )
    return {
      batch: kept,
      kept: keep,
      rejected: { batch: rejected, reasons: new Array<string>(rejected.numRows).fill(`${STAT} is false: ${this.source}`) }
    }
  }
}

export const generalFieldFilter = defineOp({
  name: 'general_field_filter',
  kind: 'filter',
  description:
    "Keeps the rows for which a Python condition on their fields holds, e.g. \"10 < num <= 30 and text != 'nothing here' and meta.source == 'web'\".",
  statsKey: STAT,
  params,
  create: (info, values, context) => new GeneralFieldFilter(info, values, context)
})
