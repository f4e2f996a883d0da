import { Bool, Field, Float64, Int64, List, Null, Struct, Table, Utf8, vectorFromArray, DataType, type Vector } from 'apache-arrow'
import { ExactNumber, jsonText } from './json-value'
import { csvColumnType, csvFloat, csvInteger, uniqueCsvNames } from './csv-values'

/**
 * The type a set of JSON values needs, found by unifying the type of each value:
 * int ∪ float = float; struct ∪ struct = struct of the union of fields; anything else that
 * disagrees becomes Utf8 holding the value's JSON text, so no value is ever dropped.
 */
export type Inferred =
  | { kind: 'null' }
  | { kind: 'bool' }
  | { kind: 'int' }
  /** Integers some of which only a 64-bit integer holds (beyond 2^53): a float column cannot take them. */
  | { kind: 'bigint' }
  | { kind: 'float' }
  | { kind: 'string' }
  | { kind: 'json' }
  | { kind: 'list'; item: Inferred }
  | { kind: 'struct'; fields: Map<string, Inferred> }

export const NULL: Inferred = { kind: 'null' }

export function inferValue(value: unknown): Inferred {
  if (value === null || value === undefined) return NULL
  switch (typeof value) {
    case 'boolean':
      return { kind: 'bool' }
    case 'number':
      return Number.isSafeInteger(value) ? { kind: 'int' } : { kind: 'float' }
    case 'string':
      return { kind: 'string' }
    case 'bigint':
      return { kind: 'bigint' }
    default:
      break
  }
  if (value instanceof ExactNumber) return { kind: 'json' }
  if (Array.isArray(value)) {
    let item = NULL
    for (const v of value) item = unify(item, inferValue(v))
    return { kind: 'list', item }
  }
  const fields = new Map<string, Inferred>()
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) fields.set(k, inferValue(v))
  return { kind: 'struct', fields }
}

export function unify(a: Inferred, b: Inferred): Inferred {
  if (a.kind === 'null') return b
  if (b.kind === 'null') return a
  if (a.kind === b.kind) {
    if (a.kind === 'list' && b.kind === 'list') return { kind: 'list', item: unify(a.item, b.item) }
    if (a.kind === 'struct' && b.kind === 'struct') {
      const fields = new Map(a.fields)
      for (const [k, t] of b.fields) fields.set(k, unify(fields.get(k) ?? NULL, t))
      return { kind: 'struct', fields }
    }
    return a
  }
  const kinds = new Set([a.kind, b.kind])
  if (kinds.has('int') && kinds.has('float')) return { kind: 'float' }
  if (kinds.has('int') && kinds.has('bigint')) return { kind: 'bigint' }
  return { kind: 'json' }
}

export function toArrowType(t: Inferred): DataType {
  switch (t.kind) {
    case 'null':
      return new Null()
    case 'bool':
      return new Bool()
    case 'int':
    case 'bigint':
      return new Int64()
    case 'float':
      return new Float64()
    case 'string':
    case 'json':
      return new Utf8()
    case 'list':
      return new List(new Field('item', toArrowType(t.item), true))
    case 'struct':
      return new Struct([...t.fields].map(([name, ft]) => new Field(name, toArrowType(ft), true)))
  }
}

/** Shapes a JSON value to what the Arrow builder of its inferred type expects. */
function coerce(value: unknown, t: Inferred): unknown {
  if (value === null || value === undefined) return null
  switch (t.kind) {
    case 'null':
      return null
    case 'int':
    case 'bigint':
      return BigInt(value as number)
    case 'json':
      return typeof value === 'string' ? value : jsonText(value)
    case 'list':
      return (value as unknown[]).map((v) => coerce(v, t.item))
    case 'struct': {
      const out: Record<string, unknown> = {}
      for (const [k, ft] of t.fields) out[k] = coerce((value as Record<string, unknown>)[k], ft)
      return out
    }
    default:
      return value
  }
}

/** Builds an Arrow table from JSON-like records; columns appear in first-seen order. */
export function recordsToTable(records: Record<string, unknown>[]): Table {
  const columns = new Map<string, Inferred>()
  for (const record of records) {
    for (const [key, value] of Object.entries(record)) columns.set(key, unify(columns.get(key) ?? NULL, inferValue(value)))
  }
  const vectors: Record<string, Vector> = {}
  for (const [name, t] of columns) {
    const type = toArrowType(t)
    vectors[name] = vectorFromArray(
      records.map((r) => coerce(r[name], t)),
      type
    )
  }
  return new Table(vectors)
}

/** Parses CSV cells into typed values, typed and named as a job's plan types and names them. */
export function csvRowsToTable(header: string[], rows: string[][]): Table {
  const vectors: Record<string, Vector> = {}
  uniqueCsvNames(header).forEach((name, col) => {
    const cells = rows.map((r) => r[col] ?? '')
    const type = csvColumnType(cells)
    if (DataType.isInt(type))
      vectors[name] = vectorFromArray(
        cells.map((c) => (c === '' ? null : csvInteger(c)!)),
        new Int64()
      )
    else if (DataType.isFloat(type))
      vectors[name] = vectorFromArray(
        cells.map((c) => (c === '' ? null : csvFloat(c)!)),
        new Float64()
      )
    else vectors[name] = vectorFromArray(cells, new Utf8())
  })
  return new Table(vectors)
}
