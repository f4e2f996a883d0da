import { DataType, type Data, type RecordBatch, type Struct, type Utf8 } from 'apache-arrow'
import { columnValues, STATS_COLUMN, utf8Strings } from '../ops/batch'
import { codePointLength } from '../ops/text'
import { DistinctCounter, hash53, type DistinctState } from './hyperloglog'
import { NumericValues, type NumericPartial } from './numeric-values'

/**
 * What one partition contributes to an analysis, in a form that merges: per stat its summary and
 * sorted run (numeric) or exact counts (categorical), per input column its nulls, distinct sketch
 * and the runs of its lengths (text) or values (numbers).
 */

export interface CategoricalPartial {
  kind: 'categorical'
  count: number
  missing: number
  /** Every value with its count, exactly. */
  counts: [string, number][]
}

export type StatPartial = NumericPartial | CategoricalPartial

export interface ColumnPartial {
  name: string
  type: string
  nulls: number
  distinct: DistinctState
  length?: NumericPartial
  values?: NumericPartial
}

export interface PartialHeader {
  version: 1
  rows: number
  stats: Record<string, StatPartial>
  columns: ColumnPartial[]
}

/** 'SAP1' as a little-endian word: the first word of a partial file. */
export const PARTIAL_MAGIC = 0x31504153

/** A categorical stat's values with their counts, exactly. */
export class Categories {
  readonly counts = new Map<string, number>()
  missing = 0

  add(value: unknown): void {
    if (value === null || value === undefined) {
      this.missing++
      return
    }
    const key = typeof value === 'string' ? value : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
  }

  finish(): CategoricalPartial {
    const count = [...this.counts.values()].reduce((a, b) => a + b, 0)
    return { kind: 'categorical', count, missing: this.missing, counts: [...this.counts] }
  }
}

const isNumeric = (type: DataType): boolean => DataType.isInt(type) || DataType.isFloat(type) || DataType.isBool(type) || DataType.isDecimal(type)
const isText = (type: DataType): boolean => DataType.isUtf8(type) || DataType.isLargeUtf8(type)

/** What a distinct count hashes: a string tagged 's', any other value 'j' before its JSON, so "1" and 1 differ. */
const STRING_TAG = 0x73
const JSON_TAG = 0x6a

/** A value's JSON (64-bit integers as quoted digits); numbers, bigints and booleans without JSON.stringify's per-value cost. */
function jsonKey(value: unknown): string {
  if (typeof value === 'bigint') return `"${value}"`
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null'
  if (typeof value === 'boolean') return String(value)
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
}

function distinctHash(value: unknown): number {
  return typeof value === 'string' ? hash53(value, STRING_TAG) : hash53(jsonKey(value), JSON_TAG)
}

interface ColumnBuilder {
  name: string
  type: string
  nulls: number
  distinct: DistinctCounter
  length?: NumericValues
  values?: NumericValues
}

export class PartitionAnalysis {
  private rows = 0
  private readonly numeric = new Map<string, NumericValues>()
  private readonly categorical = new Map<string, Categories>()
  private readonly columns = new Map<string, ColumnBuilder>()

  /** Adds a batch whose `__dj__stats__` already holds every stat; its other columns are the input's (summarized unless `columns` is false). */
  add(batch: RecordBatch, columns = true): void {
    batch.schema.fields.forEach((field, i) => {
      const data = batch.data.children[i]!
      if (field.name === STATS_COLUMN) this.addStats(field.type as Struct, data.children, batch.numRows)
      else if (columns) this.addColumn(field.name, field.type, data)
    })
    this.rows += batch.numRows
  }

  private addStats(type: Struct, children: readonly Data[], rows: number): void {
    type.children.forEach((field, c) => {
      const values = columnValues(children[c]!)
      if (isNumeric(field.type) && !this.categorical.has(field.name)) {
        let target = this.numeric.get(field.name)
        if (target === undefined) {
          target = new NumericValues()
          // A stat that appears in a later batch was missing from the rows before it.
          target.addMissing(this.rows)
          this.numeric.set(field.name, target)
        }
        for (const v of values) target.add(v)
      } else {
        let target = this.categorical.get(field.name)
        if (target === undefined) {
          target = new Categories()
          target.missing = this.rows
          this.categorical.set(field.name, target)
        }
        for (const v of values) target.add(v)
      }
    })
    // A stat this batch lacks is missing from its rows.
    const present = new Set(type.children.map((f) => f.name))
    for (const [name, target] of this.numeric) if (!present.has(name)) target.addMissing(rows)
    for (const [name, target] of this.categorical) if (!present.has(name)) target.missing += rows
  }

  private addColumn(name: string, type: DataType, data: Data): void {
    let column = this.columns.get(name)
    if (column === undefined) {
      column = { name, type: String(type), nulls: 0, distinct: new DistinctCounter() }
      if (isText(type)) column.length = new NumericValues()
      else if (isNumeric(type)) column.values = new NumericValues()
      this.columns.set(name, column)
    }
    // A text column's strings are the ones the operators decoded (utf8Strings caches them per column).
    const values = isText(type) ? utf8Strings(data as Data<Utf8>) : columnValues(data)
    for (const v of values) {
      if (v === null || v === undefined) {
        column.nulls++
        column.length?.addMissing()
        column.values?.addMissing()
        continue
      }
      column.distinct.add(distinctHash(v))
      if (column.length !== undefined) column.length.add(codePointLength(v as string))
      column.values?.add(v)
    }
  }

  /** The partial file (encodePartialFile) of this partition. */
  encode(): Uint8Array {
    const runs: Float64Array[] = []
    let offset = 0
    const place = (values: NumericValues): NumericPartial => {
      const { partial, run } = values.finish(offset)
      runs.push(run)
      offset += run.length
      return partial
    }
    const stats: Record<string, StatPartial> = {}
    for (const [name, values] of [...this.numeric].sort(([a], [b]) => (a < b ? -1 : 1))) stats[name] = place(values)
    for (const [name, cats] of [...this.categorical].sort(([a], [b]) => (a < b ? -1 : 1))) stats[name] = cats.finish()
    const columns = [...this.columns.values()].map((c): ColumnPartial => {
      const partial: ColumnPartial = { name: c.name, type: c.type, nulls: c.nulls, distinct: c.distinct.state() }
      if (c.length !== undefined) partial.length = place(c.length)
      if (c.values !== undefined) partial.values = place(c.values)
      return partial
    })
    return encodePartialFile({ version: 1, rows: this.rows, stats, columns }, runs)
  }
}

/** A partial file: a header word, the header's JSON length and text, then the sorted runs as float64, 8-aligned, in the order their offsets give. */
export function encodePartialFile(header: PartialHeader, runs: Float64Array[]): Uint8Array {
  const json = Buffer.from(JSON.stringify(header), 'utf8')
  const values = runs.reduce((n, run) => n + run.length, 0)
  const dataStart = Math.ceil((8 + json.length) / 8) * 8
  const bytes = new Uint8Array(dataStart + values * 8)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, PARTIAL_MAGIC, true)
  view.setUint32(4, json.length, true)
  bytes.set(json, 8)
  const data = new Float64Array(bytes.buffer, dataStart, values)
  let at = 0
  for (const run of runs) {
    data.set(run, at)
    at += run.length
  }
  return bytes
}
