import {
  DataType as ArrowType,
  Field,
  Int64,
  List,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray,
  type DataType
} from 'apache-arrow'
import { inferValue, NULL, toArrowType, unify, type Inferred } from './records-to-arrow'
import { utf8Data } from '../ops/batch'
import { ExactNumber, jsonText } from './json-value'
import { csvColumnType, csvFloat, csvInteger, uniqueCsvNames } from './csv-values'

/**
 * The schema of a text dataset (JSONL, JSON, CSV) is inferred once, at planning, from a sample of
 * every input file, so that every partition's output has the same columns and types. A column
 * seen only as null becomes Utf8. Text keys are always Utf8.
 */
export function inferRecordSchema(samples: Record<string, unknown>[], textKeys: string[]): Schema {
  // Each column takes the type most of its sampled values have; records that disagree are
  // quarantined as wrong-typed when read, rather than turning the whole column into text.
  const votes = new Map<string, Map<string, { count: number; type: Inferred }>>()
  for (const record of samples) {
    for (const [key, value] of Object.entries(record)) {
      const type = inferValue(value)
      if (!votes.has(key)) votes.set(key, new Map())
      if (type.kind === 'null') continue
      const bucket = type.kind === 'int' || type.kind === 'bigint' || type.kind === 'float' ? 'number' : type.kind
      const kinds = votes.get(key)!
      const seen = kinds.get(bucket)
      // Mostly floats: the column is Float64, and an integer it cannot hold exactly is a bad record.
      const numbers = bucket === 'number' && (seen?.type.kind === 'float' || type.kind === 'float')
      kinds.set(bucket, { count: (seen?.count ?? 0) + 1, type: numbers ? { kind: 'float' } : unify(seen?.type ?? NULL, type) })
    }
  }
  const columns = new Map<string, Inferred>()
  for (const [key, kinds] of votes) {
    let best: { count: number; type: Inferred } | undefined
    for (const [bucket, entry] of kinds) {
      if (best === undefined || entry.count > best.count || (entry.count === best.count && bucket === 'string')) best = entry
    }
    columns.set(key, best?.type ?? NULL)
  }
  for (const key of textKeys) if (!columns.has(key)) columns.set(key, { kind: 'string' })
  return new Schema(
    [...columns].map(([name, t]) => {
      const kind: Inferred = textKeys.includes(name) || t.kind === 'null' ? { kind: 'string' } : t
      return new Field(name, widenNulls(toArrowType(kind)), true)
    })
  )
}

/** Nested fields seen only as null hold their values as JSON text. */
function widenNulls(type: DataType): DataType {
  if (ArrowType.isStruct(type)) return new Struct(type.children.map((f) => new Field(f.name, widenNulls(f.type), true)))
  if (ArrowType.isList(type)) return new List(new Field('item', widenNulls(type.children[0]!.type), true))
  if (ArrowType.isNull(type)) return new Utf8()
  return type
}

/**
 * Type tests by type id: a schema read back from IPC bytes holds generic type objects, so
 * `instanceof Int64` would be false for a 64-bit integer column.
 */
const isUtf8 = (t: DataType): boolean => ArrowType.isUtf8(t) || ArrowType.isLargeUtf8(t)
const isInt64 = (t: DataType): boolean => ArrowType.isInt(t) && (t as Int64).bitWidth === 64
const isInteger = (t: DataType): boolean => ArrowType.isInt(t)

/** CSV columns: Int64 or Float64 when every sampled cell is such a number, else Utf8; names made unique as inspect shows them. */
export function inferCsvSchema(header: string[], rows: string[][], textKeys: string[]): Schema {
  return new Schema(
    uniqueCsvNames(header).map((name, col) => {
      if (textKeys.includes(name)) return new Field(name, new Utf8(), true)
      return new Field(name, csvColumnType(rows.map((r) => r[col] ?? '')), true)
    })
  )
}

export function schemaToBase64(schema: Schema): string {
  return Buffer.from(tableToIPC(new Table(schema), 'stream')).toString('base64')
}

export function schemaFromBase64(text: string): Schema {
  return tableFromIPC(Buffer.from(text, 'base64')).schema
}

class Mismatch extends Error {}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof ExactNumber) return 'a number'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'an object'
  return `a ${typeof value}`
}

/** A JSON value shaped for the Arrow builder of `type`, or a Mismatch naming the problem. */
function conformValue(value: unknown, type: DataType, path: string): unknown {
  if (value === null || value === undefined) return null
  if (isUtf8(type)) return typeof value === 'string' ? value : jsonText(value)
  if (isInteger(type)) {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return isInt64(type) ? BigInt(value) : value
    if (typeof value === 'bigint' && isInt64(type)) return value
    if (typeof value === 'bigint' && value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value)
    if (value instanceof ExactNumber || typeof value === 'bigint') {
      throw new Mismatch(`field '${path}' is ${jsonText(value)}, which does not fit the dataset's ${isInt64(type) ? '64' : 'narrower'}-bit integers`)
    }
    throw new Mismatch(`field '${path}' is ${typeName(value)} (${jsonText(value).slice(0, 40)}) where the dataset has integers`)
  }
  if (ArrowType.isFloat(type)) {
    if (typeof value === 'number') return value
    // How Sieve writes a non-finite float in JSON (see jsonText).
    if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value)
    if (value instanceof ExactNumber || typeof value === 'bigint') {
      throw new Mismatch(`field '${path}' is ${jsonText(value)}, which a 64-bit float cannot hold exactly`)
    }
    throw new Mismatch(`field '${path}' is ${typeName(value)} where the dataset has numbers`)
  }
  if (ArrowType.isBool(type)) {
    if (typeof value === 'boolean') return value
    throw new Mismatch(`field '${path}' is ${typeName(value)} where the dataset has true/false`)
  }
  if (ArrowType.isList(type)) {
    if (!Array.isArray(value)) throw new Mismatch(`field '${path}' is ${typeName(value)} where the dataset has lists`)
    return value.map((v, i) => conformValue(v, type.children[0]!.type, `${path}[${i}]`))
  }
  if (ArrowType.isStruct(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw new Mismatch(`field '${path}' is ${typeName(value)} where the dataset has objects`)
    }
    const out: Record<string, unknown> = {}
    const names = new Set(type.children.map((f) => f.name))
    for (const key of Object.keys(value as object)) {
      if (!names.has(key)) throw new Mismatch(`field '${path}.${key}' is not in the dataset's schema`)
    }
    for (const f of type.children) out[f.name] = conformValue((value as Record<string, unknown>)[f.name], f.type, `${path}.${f.name}`)
    return out
  }
  throw new Mismatch(`field '${path}' has a type Sieve cannot store`)
}

/**
 * Shapes one record to the dataset's schema. Returns the reason when it cannot be stored without
 * losing something: a wrong type, a field the schema lacks, a text field that is missing or not text.
 */
export function conformRecord(record: unknown, schema: Schema, textKeys: string[]): { row: unknown[] } | { reason: string } {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return { reason: `a JSON ${typeName(record).replace(/^an? /, '')}, not an object` }
  }
  const values = record as Record<string, unknown>
  for (const key of textKeys) {
    const text = values[key]
    if (text === undefined || text === null) return { reason: `text field '${key}' is missing` }
    if (typeof text !== 'string') return { reason: `text field '${key}' is ${typeName(text)}, not text` }
  }
  const names = new Set(schema.fields.map((f) => f.name))
  for (const key of Object.keys(values)) {
    if (!names.has(key)) return { reason: `field '${key}' is not in the dataset's schema (inferred from a sample of the input)` }
  }
  try {
    return { row: schema.fields.map((f) => conformValue(values[f.name], f.type, f.name)) }
  } catch (err) {
    if (err instanceof Mismatch) return { reason: err.message }
    throw err
  }
}

/** CSV cells shaped to the schema; empty cells are null. */
export function conformCsvRow(cells: string[], schema: Schema, textKeys: string[]): { row: unknown[] } | { reason: string } {
  if (cells.length !== schema.fields.length) {
    return { reason: `${cells.length} fields where the header has ${schema.fields.length}` }
  }
  const row: unknown[] = []
  for (const [i, f] of schema.fields.entries()) {
    const cell = cells[i]!
    if (cell === '') {
      if (textKeys.includes(f.name)) return { reason: `text field '${f.name}' is empty` }
      row.push(null)
    } else if (isInteger(f.type)) {
      const value = csvInteger(cell)
      if (value === undefined) return { reason: `field '${f.name}' is '${cell.slice(0, 40)}', not an integer the column holds exactly` }
      row.push(isInt64(f.type) ? value : Number(value))
    } else if (ArrowType.isFloat(f.type)) {
      const value = csvFloat(cell)
      if (value === undefined) return { reason: `field '${f.name}' is '${cell.slice(0, 40)}', not a number the column holds exactly` }
      row.push(value)
    } else row.push(cell)
  }
  return { row }
}

/** Builds a record batch from conformed rows, column by column. */
export function rowsToBatch(rows: unknown[][], schema: Schema): RecordBatch {
  const children = schema.fields.map((f, c) => {
    const values = rows.map((r) => r[c])
    return ArrowType.isUtf8(f.type) ? utf8Data(values as (string | null)[]) : vectorFromArray(values, f.type).data[0]!
  })
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children }))
}
