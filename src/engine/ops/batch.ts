import { Field, Float64, Int64, makeData, makeVector, RecordBatch, Schema, Struct, Utf8, vectorFromArray, DataType, type Data } from 'apache-arrow'
import { columnValues as sharedColumnValues, rowObjects as sharedRowObjects } from '../../shared/arrow-values'

/** The column where filters keep their stats, one struct field per stat, as Data-Juicer does. */
export const STATS_COLUMN = '__dj__stats__'

/** A record batch rebuilt from fields and their column data. */
export function makeBatch(fields: Field[], children: Data[], length: number): RecordBatch {
  const type = new Struct(fields)
  return new RecordBatch(new Schema(fields), makeData({ type, length, nullCount: 0, children }))
}

/**
 * Each Utf8 column's values once decoded, so the operators of a chain decode a text once rather
 * than each again. Mappers and row selections record what they build, so the cache follows the
 * text down the chain; it lives as long as the column does.
 */
const decoded = new WeakMap<Data, readonly (string | null)[]>()

/** The values of a Utf8 column as JS strings (null where the value is null); shared, so read-only. */
export function readStrings(batch: RecordBatch, column: string): readonly (string | null)[] {
  const index = batch.schema.fields.findIndex((f) => f.name === column)
  if (index < 0) throw new Error(`no column '${column}'`)
  return utf8Strings(batch.data.children[index] as Data<Utf8>)
}

/** The UTF-8 bytes of a string column's values, read from its offsets (the values are UTF-8 in Arrow already). */
export function utf8ByteLength(batch: RecordBatch, column: string): number {
  const index = batch.schema.fields.findIndex((f) => f.name === column)
  if (index < 0) throw new Error(`no column '${column}'`)
  const data = batch.data.children[index] as Data<Utf8>
  if (data.length === 0) return 0
  const offsets = data.valueOffsets as ArrayLike<number | bigint>
  return Number(offsets[data.length]!) - Number(offsets[0]!)
}

/**
 * Utf8 (or LargeUtf8) column data decoded exactly. Arrow's own `Vector.get()` decodes through a
 * TextDecoder that drops a leading U+FEFF, so every Utf8 value Sieve turns into a string goes
 * through here; Buffer's decoder keeps a leading U+FEFF.
 */
export function utf8Strings(data: Data<Utf8>): readonly (string | null)[] {
  const cached = decoded.get(data)
  if (cached !== undefined) return cached
  const out: (string | null)[] = new Array(data.length)
  const offsets = data.valueOffsets as ArrayLike<number | bigint>
  const values = data.values
  const bytes = Buffer.from(values.buffer, values.byteOffset, values.byteLength)
  for (let i = 0; i < data.length; i++) {
    if (data.nullCount > 0 && !isValid(data, i)) {
      out[i] = null
      continue
    }
    // A slice's offsets are already cut to it (Arrow slices the offsets buffer, not the bytes).
    out[i] = bytes.toString('utf8', Number(offsets[i]!), Number(offsets[i + 1]!))
  }
  decoded.set(data, out)
  return out
}

/** Every value of a column as a plain JS value (see shared/arrow-values), its strings decoded here. */
export function columnValues(data: Data): unknown[] {
  return sharedColumnValues(data, utf8Strings)
}

/** The rows of a batch as plain objects. */
export function rowObjects(batch: RecordBatch): Record<string, unknown>[] {
  return sharedRowObjects(batch, utf8Strings)
}

function isValid(data: Data, i: number): boolean {
  const bitmap = data.nullBitmap
  if (bitmap === undefined || bitmap.length === 0) return true
  const bit = data.offset + i
  return (bitmap[bit >> 3]! & (1 << (bit & 7))) !== 0
}

/** Builds Utf8 column data straight from strings: one encoded buffer and its offsets, written in place. */
export function utf8Data(values: readonly (string | null)[]): Data<Utf8> {
  let total = 0
  for (const v of values) if (v !== null) total += Buffer.byteLength(v, 'utf8')
  const bytes = Buffer.allocUnsafe(total)
  const offsets = new Int32Array(values.length + 1)
  let nulls = 0
  const bitmap = new Uint8Array((values.length + 7) >> 3)
  let pos = 0
  values.forEach((v, i) => {
    if (v === null) nulls++
    else {
      bitmap[i >> 3]! |= 1 << (i & 7)
      pos += bytes.write(v, pos, 'utf8')
    }
    offsets[i + 1] = pos
  })
  const data = makeData({
    type: new Utf8(),
    length: values.length,
    nullCount: nulls,
    nullBitmap: nulls > 0 ? bitmap : null,
    valueOffsets: offsets,
    data: new Uint8Array(bytes.buffer, bytes.byteOffset, total)
  })
  decoded.set(data, values)
  return data
}

/** The batch with one column set (replaced in place, or appended at the end). */
export function withColumn(batch: RecordBatch, field: Field, data: Data): RecordBatch {
  const fields = [...batch.schema.fields]
  const children = [...batch.data.children]
  const index = fields.findIndex((f) => f.name === field.name)
  if (index >= 0) {
    fields[index] = field
    children[index] = data
  } else {
    fields.push(field)
    children.push(data)
  }
  return makeBatch(fields, children, batch.numRows)
}

/** The batch without the column `name` (unchanged without one). */
export function withoutColumn(batch: RecordBatch, name: string): RecordBatch {
  const index = batch.schema.fields.findIndex((f) => f.name === name)
  if (index < 0) return batch
  const fields = batch.schema.fields.filter((_, i) => i !== index)
  const children = batch.data.children.filter((_, i) => i !== index)
  return makeBatch(fields, children, batch.numRows)
}

/** The rows of a batch where `keep` is 1, in order. */
export function selectRows(batch: RecordBatch, keep: Uint8Array): RecordBatch {
  let kept = 0
  for (let i = 0; i < batch.numRows; i++) kept += keep[i]!
  if (kept === batch.numRows) return batch
  const children = batch.schema.fields.map((field, c) => selectData(batch.data.children[c]!, field.type, keep, kept))
  return makeBatch(batch.schema.fields, children, kept)
}

function selectData(data: Data, type: DataType, keep: Uint8Array, kept: number): Data {
  if (DataType.isUtf8(type)) return selectUtf8(data as Data<Utf8>, keep, kept)
  if ((DataType.isInt(type) || DataType.isFloat(type)) && data.offset === 0) return selectFixedWidth(data, keep, kept)
  if (DataType.isStruct(type) && data.offset === 0) {
    const children = data.children.map((child, i) => selectData(child, (type as Struct).children[i]!.type, keep, kept))
    const { bitmap, nulls } = selectValidity(data, keep, kept)
    return makeData({ type: type as Struct, length: kept, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : null, children })
  }
  const all = columnValues(data)
  const values: unknown[] = new Array(kept)
  let j = 0
  for (let i = 0; i < data.length; i++) if (keep[i]) values[j++] = all[i]
  return vectorFromArray(values, type).data[0]!
}

function selectValidity(data: Data, keep: Uint8Array, kept: number): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array((kept + 7) >> 3)
  let nulls = 0
  let j = 0
  for (let i = 0; i < data.length; i++) {
    if (!keep[i]) continue
    if (data.nullCount > 0 && !isValid(data, i)) nulls++
    else bitmap[j >> 3]! |= 1 << (j & 7)
    j++
  }
  return { bitmap, nulls }
}

/** Integers and floats: the kept values copied from the typed array, one per row. */
function selectFixedWidth(data: Data, keep: Uint8Array, kept: number): Data {
  const values = data.values as unknown as { constructor: new (n: number) => { [i: number]: number | bigint }; [i: number]: number | bigint }
  const out = new values.constructor(kept)
  let j = 0
  for (let i = 0; i < data.length; i++) if (keep[i]) out[j++] = values[i]!
  const { bitmap, nulls } = selectValidity(data, keep, kept)
  return makeData({ type: data.type, length: kept, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : null, data: out } as never)
}

/** Copies the kept strings' bytes without decoding them. */
function selectUtf8(data: Data<Utf8>, keep: Uint8Array, kept: number): Data<Utf8> {
  const rows = new Int32Array(kept)
  let j = 0
  for (let i = 0; i < data.length; i++) if (keep[i]) rows[j++] = i
  const selected = gatherUtf8([data], new Uint8Array(kept), rows)
  const strings = decoded.get(data)
  if (strings !== undefined)
    decoded.set(
      selected,
      strings.filter((_, i) => keep[i] === 1)
    )
  return selected
}

/**
 * A Utf8 column whose row `j` is row `rows[j]` of `sources[from[j]]`, its bytes copied without
 * decoding: the one builder behind row selection, gathering and a text delta's merge.
 */
export function gatherUtf8(sources: Data<Utf8>[], from: Uint8Array, rows: Int32Array): Data<Utf8> {
  const length = rows.length
  let total = 0
  for (let j = 0; j < length; j++) {
    const source = sources[from[j]!]!
    // A sliced source's offsets are already cut to the slice.
    const row = rows[j]!
    total += source.valueOffsets[row + 1]! - source.valueOffsets[row]!
  }
  const bytes = new Uint8Array(total)
  const offsets = new Int32Array(length + 1)
  const bitmap = new Uint8Array((length + 7) >> 3)
  let nulls = 0
  let pos = 0
  for (let j = 0; j < length; j++) {
    const source = sources[from[j]!]!
    if (source.nullCount > 0 && !isValid(source, rows[j]!)) nulls++
    else {
      bitmap[j >> 3]! |= 1 << (j & 7)
      const row = rows[j]!
      const start = source.valueOffsets[row]!
      const end = source.valueOffsets[row + 1]!
      bytes.set(source.values.subarray(start, end), pos)
      pos += end - start
    }
    offsets[j + 1] = pos
  }
  return makeData({ type: new Utf8(), length, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : null, valueOffsets: offsets, data: bytes })
}

/**
 * One stat of every row (undefined when the batch has no such stat yet), read straight from the
 * stats struct's child column rather than row by row.
 */
export function readStat(batch: RecordBatch, key: string): readonly (number | string | null)[] | undefined {
  const index = batch.schema.fields.findIndex((f) => f.name === STATS_COLUMN)
  if (index < 0) return undefined
  const struct = batch.schema.fields[index]!.type as Struct
  const child = struct.children.findIndex((f) => f.name === key)
  if (child < 0) return undefined
  const data = batch.data.children[index]!.children[child]!
  if (DataType.isUtf8(data.type)) return utf8Strings(data as Data<Utf8>)
  const vector = makeVector(data)
  const out: (number | null)[] = new Array(data.length)
  for (let i = 0; i < data.length; i++) {
    const v = vector.get(i) as number | bigint | null
    out[i] = v === null ? null : Number(v)
  }
  return out
}

export type StatKind = 'int' | 'float' | 'string'

/** The batch with one stat added to (or replaced in) the `__dj__stats__` struct column. */
export function withStat(batch: RecordBatch, key: string, kind: StatKind, values: (number | string | null)[]): RecordBatch {
  const index = batch.schema.fields.findIndex((f) => f.name === STATS_COLUMN)
  let fields: Field[] = []
  let children: Data[] = []
  if (index >= 0) {
    const existing = batch.data.children[index]!
    fields = [...(batch.schema.fields[index]!.type as Struct).children]
    children = [...existing.children]
  }
  const type: DataType = kind === 'int' ? new Int64() : kind === 'float' ? new Float64() : new Utf8()
  const data =
    kind === 'string'
      ? utf8Data(values as (string | null)[])
      : values.some((v) => v === null)
        ? vectorFromArray(
            values.map((v) => (v === null ? null : kind === 'int' ? BigInt(v as number) : (v as number))),
            type
          ).data[0]!
        : makeData({
            type: type as Int64,
            length: values.length,
            data: kind === 'int' ? BigInt64Array.from(values as number[], (v) => BigInt(v)) : Float64Array.from(values as number[])
          } as never)
  const at = fields.findIndex((f) => f.name === key)
  const field = new Field(key, type, true)
  if (at >= 0) {
    fields[at] = field
    children[at] = data
  } else {
    fields.push(field)
    children.push(data)
  }
  const structData = makeData({ type: new Struct(fields), length: batch.numRows, nullCount: 0, children })
  return withColumn(batch, new Field(STATS_COLUMN, new Struct(fields), true), structData)
}

/** Rows by position, repeats allowed (one input row may become several): for operators that split rows. */
export function takeRows(batch: RecordBatch, rows: number[]): RecordBatch {
  const index = Int32Array.from(rows)
  const children = batch.schema.fields.map((field, c) => gatherData(batch.data.children[c]!, field.type, index))
  return makeBatch(batch.schema.fields, children, rows.length)
}

function gatherValidity(data: Data, rows: Int32Array): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array((rows.length + 7) >> 3)
  let nulls = 0
  rows.forEach((r, j) => {
    if (data.nullCount > 0 && !isValid(data, r)) nulls++
    else bitmap[j >> 3]! |= 1 << (j & 7)
  })
  return { bitmap, nulls }
}

/** Column data gathered by row index, with the same fast paths as selection: bytes, typed arrays, struct children. */
function gatherData(data: Data, type: DataType, rows: Int32Array): Data {
  if (DataType.isUtf8(type)) {
    const gathered = gatherUtf8([data as Data<Utf8>], new Uint8Array(rows.length), rows)
    const strings = decoded.get(data)
    if (strings !== undefined)
      decoded.set(
        gathered,
        Array.from(rows, (r) => strings[r]!)
      )
    return gathered
  }
  if (data.offset === 0 && (DataType.isInt(type) || DataType.isFloat(type))) {
    const values = data.values as unknown as { constructor: new (n: number) => { [i: number]: number | bigint }; [i: number]: number | bigint }
    const out = new values.constructor(rows.length)
    rows.forEach((r, j) => {
      out[j] = values[r]!
    })
    const { bitmap, nulls } = gatherValidity(data, rows)
    return makeData({ type: data.type, length: rows.length, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : null, data: out } as never)
  }
  if (data.offset === 0 && DataType.isStruct(type)) {
    const children = data.children.map((child, i) => gatherData(child, (type as Struct).children[i]!.type, rows))
    const { bitmap, nulls } = gatherValidity(data, rows)
    return makeData({ type: type as Struct, length: rows.length, nullCount: nulls, nullBitmap: nulls > 0 ? bitmap : null, children })
  }
  const all = columnValues(data)
  return vectorFromArray(
    Array.from(rows, (r) => all[r]),
    type
  ).data[0]!
}

/**
 * Batches of one schema as one batch, in order (empty ones left out): text columns copied as bytes,
 * other columns through their values.
 */
export function concatBatches(batches: RecordBatch[]): RecordBatch {
  const parts = batches.filter((b) => b.numRows > 0)
  if (parts.length <= 1) return parts[0] ?? batches[0]!
  // gatherUtf8 names a row's source in one byte: at most 256 sources at once.
  if (parts.length > 256) {
    const groups: RecordBatch[] = []
    for (let at = 0; at < parts.length; at += 256) groups.push(concatBatches(parts.slice(at, at + 256)))
    return concatBatches(groups)
  }
  const length = parts.reduce((n, b) => n + b.numRows, 0)
  const fields = parts[0]!.schema.fields
  const children = fields.map((field, c) => {
    const sources = parts.map((b) => b.data.children[c]!)
    if (DataType.isUtf8(field.type)) {
      const from = new Uint8Array(length)
      const rows = new Int32Array(length)
      let j = 0
      sources.forEach((source, s) => {
        for (let i = 0; i < source.length; i++, j++) {
          from[j] = s
          rows[j] = i
        }
      })
      return gatherUtf8(sources as Data<Utf8>[], from, rows)
    }
    return vectorFromArray(sources.flatMap(columnValues), field.type).data[0]!
  })
  return makeBatch(fields, children, length)
}
