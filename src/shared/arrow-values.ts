import { DataType, makeVector, type Data, type RecordBatch, type Struct, type Utf8 } from 'apache-arrow'

/**
 * Arrow values as plain JS values, the same in the engine and the window. Arrow's own
 * `Vector.get()` decodes strings through a TextDecoder that drops a leading U+FEFF, so every Utf8
 * value is decoded by `strings` instead: the engine passes its cached decoder, the window this one.
 */
export type Utf8Reader = (data: Data<Utf8>) => readonly (string | null)[]

const decoder = new TextDecoder('utf-8', { ignoreBOM: true })

function isValid(data: Data, i: number): boolean {
  const bitmap = data.nullBitmap
  if (data.nullCount === 0 || bitmap === undefined || bitmap.length === 0) return true
  const bit = data.offset + i
  return (bitmap[bit >> 3]! & (1 << (bit & 7))) !== 0
}

/** Utf8 or LargeUtf8 data decoded exactly; a slice's offsets are already cut to it (Arrow slices offsets, not bytes). */
export const exactStrings: Utf8Reader = (data) => {
  const offsets = data.valueOffsets as ArrayLike<number | bigint>
  return Array.from({ length: data.length }, (_, i) =>
    isValid(data, i) ? decoder.decode(data.values.subarray(Number(offsets[i]!), Number(offsets[i + 1]!))) : null
  )
}

/** Every value of a column: strings exact, structs as objects, lists as arrays, 64-bit integers as bigint. */
export function columnValues(data: Data, strings: Utf8Reader = exactStrings): unknown[] {
  const type = data.type as DataType
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return [...strings(data as Data<Utf8>)]
  const valid = (i: number): boolean => isValid(data, i)
  if (DataType.isStruct(type)) {
    const fields = (type as Struct).children
    // Arrow slices a struct's children with it, so child row i is row i.
    const children = data.children.map((child) => columnValues(child, strings))
    return Array.from({ length: data.length }, (_, i) => {
      if (!valid(i)) return null
      const row: Record<string, unknown> = {}
      fields.forEach((f, c) => {
        row[f.name] = children[c]![i]
      })
      return row
    })
  }
  if (DataType.isList(type) || DataType.isLargeList(type)) {
    const offsets = data.valueOffsets as ArrayLike<number | bigint>
    const items = columnValues(data.children[0]!, strings)
    return Array.from({ length: data.length }, (_, i) => (valid(i) ? items.slice(Number(offsets[i]!), Number(offsets[i + 1]!)) : null))
  }
  if (DataType.isFixedSizeList(type)) {
    const size = (type as unknown as { listSize: number }).listSize
    const items = columnValues(data.children[0]!, strings)
    return Array.from({ length: data.length }, (_, i) => (valid(i) ? items.slice(i * size, (i + 1) * size) : null))
  }
  if (DataType.isDictionary(type) && data.dictionary !== undefined) {
    const dictionary = columnValues(data.dictionary.data[0]!, strings)
    const indices = makeVector(data.clone((type as unknown as { indices: DataType }).indices))
    return Array.from({ length: data.length }, (_, i) => {
      const index = indices.get(i) as number | bigint | null
      return index === null ? null : dictionary[Number(index)]
    })
  }
  const vector = makeVector(data)
  return Array.from({ length: data.length }, (_, i) => vector.get(i))
}

/** The rows of a batch as plain objects (see columnValues). */
export function rowObjects(batch: RecordBatch, strings: Utf8Reader = exactStrings): Record<string, unknown>[] {
  const names = batch.schema.fields.map((f) => f.name)
  const columns = batch.data.children.map((child) => columnValues(child, strings))
  return Array.from({ length: batch.numRows }, (_, r) => {
    const row: Record<string, unknown> = {}
    names.forEach((name, c) => {
      row[name] = columns[c]![r]
    })
    return row
  })
}
