import { Field, Int32, makeData, Schema, Utf8, type Data, type RecordBatch } from 'apache-arrow'
import { gatherUtf8, makeBatch, readStrings, selectRows, takeRows, utf8Data, withColumn } from '../ops/batch'
import type { CheckpointRecord, FileRecord } from './manifest'

/**
 * A filter only drops rows and adds its stat, and a deduplicator's first stage only adds each
 * row's key, so their checkpoints need not hold the rows again: a delta holds the row numbers
 * kept of the checkpoint before it, and the one column the operator wrote (the stats, or the
 * key). It costs a few bytes per row instead of a copy of the text.
 */
const ROW_COLUMN = '__sieve_row__'

/**
 * A mapper keeps every row and often rewrites few of them, so its checkpoint can be a delta too:
 * the row numbers it changed and their new text. Read back over its base, the other rows keep
 * their text. Which row column a delta holds says which kind it is.
 */
const CHANGED_ROW_COLUMN = '__sieve_changed_row__'

/** `base_op` of a delta whose base is the partition's source slice, read again from the input. */
export const SOURCE_BASE = -1

/** Above this share of the text rewritten, a full checkpoint reads back faster than source plus delta. */
const MAX_CHANGED_SHARE = 0.5

/**
 * The delta over an operator's input batches: `kept[i]` marks what it kept of input batch `i`,
 * `outputs[i]` is what it gave, `column` what it wrote (none: a deduplicator's boundary, whose
 * keys are kept apart, holds the row numbers only).
 */
export function deltaBatches(kept: Uint8Array[], outputs: RecordBatch[], column: string | undefined): { schema: Schema; batches: RecordBatch[] } {
  const written = column === undefined ? undefined : outputs[0]?.schema.fields.find((f) => f.name === column)
  if (column !== undefined && written === undefined) throw new Error(`an operator output without its ${column} column`)
  const rowField = new Field(ROW_COLUMN, new Int32(), false)
  const fields = written === undefined ? [rowField] : [rowField, written]
  const batches: RecordBatch[] = []
  let offset = 0
  kept.forEach((mask, i) => {
    const rows = new Int32Array(outputs[i]!.numRows)
    let n = 0
    for (let r = 0; r < mask.length; r++) if (mask[r] === 1) rows[n++] = offset + r
    offset += mask.length
    const rowData = makeData({ type: new Int32(), length: rows.length, nullCount: 0, data: rows })
    const data = written === undefined ? [] : [outputs[i]!.data.children[outputs[i]!.schema.fields.findIndex((f) => f.name === column)]!]
    batches.push(makeBatch(fields, [rowData, ...data], rows.length))
  })
  return { schema: new Schema(fields), batches }
}

/**
 * The delta of a mapper that rewrote only `textKey`, kept every row and left every other column
 * as it was; undefined when it did more, or rewrote so much that a full checkpoint is better.
 */
export function textDeltaBatches(
  inputs: RecordBatch[],
  outputs: RecordBatch[],
  textKey: string
): { schema: Schema; batches: RecordBatch[] } | undefined {
  if (inputs.length !== outputs.length) return undefined
  const rowField = new Field(CHANGED_ROW_COLUMN, new Int32(), false)
  const textField = new Field(textKey, new Utf8(), true)
  const changedRows: number[] = []
  const changedTexts: (string | null)[] = []
  let changedBytes = 0
  let totalBytes = 0
  let offset = 0
  for (const [i, input] of inputs.entries()) {
    const output = outputs[i]!
    if (output.numRows !== input.numRows || !onlyTextRewritten(input, output, textKey)) return undefined
    const before = readStrings(input, textKey)
    const after = readStrings(output, textKey)
    for (let r = 0; r < after.length; r++) {
      const text = after[r]!
      totalBytes += text?.length ?? 0
      if (text === before[r]) continue
      changedRows.push(offset + r)
      changedTexts.push(text)
      changedBytes += text?.length ?? 0
    }
    offset += input.numRows
  }
  if (changedBytes > MAX_CHANGED_SHARE * totalBytes) return undefined
  const rowData = makeData({ type: new Int32(), length: changedRows.length, nullCount: 0, data: Int32Array.from(changedRows) })
  return {
    schema: new Schema([rowField, textField]),
    batches: [makeBatch([rowField, textField], [rowData, utf8Data(changedTexts)], changedRows.length)]
  }
}

function onlyTextRewritten(input: RecordBatch, output: RecordBatch, textKey: string): boolean {
  const fields = input.schema.fields
  if (output.schema.fields.length !== fields.length) return false
  return fields.every(
    (f, c) => output.schema.fields[c]!.name === f.name && (f.name === textKey || output.data.children[c] === input.data.children[c])
  )
}

/** The rows a delta stands for: its base with the delta's kept rows and written column, or with its changed texts. */
export function applyDelta(base: RecordBatch[], delta: RecordBatch): RecordBatch[] {
  if (delta.schema.fields.some((f) => f.name === CHANGED_ROW_COLUMN)) return applyTextDelta(base, delta)
  const rows = delta.getChild(ROW_COLUMN)!.toArray() as Int32Array
  const writtenIndex = delta.schema.fields.findIndex((f) => f.name !== ROW_COLUMN)
  const writtenField = delta.schema.fields[writtenIndex]
  const written = writtenField === undefined ? undefined : makeBatch([writtenField], [delta.data.children[writtenIndex]!], delta.numRows)
  const out: RecordBatch[] = []
  let cursor = 0
  let offset = 0
  for (const batch of base) {
    const mask = new Uint8Array(batch.numRows)
    const from = cursor
    while (cursor < rows.length && rows[cursor]! < offset + batch.numRows) mask[rows[cursor++]! - offset] = 1
    offset += batch.numRows
    if (written === undefined || writtenField === undefined) {
      out.push(selectRows(batch, mask))
      continue
    }
    const taken = takeRows(
      written,
      Array.from({ length: cursor - from }, (_, i) => from + i)
    )
    out.push(withColumn(selectRows(batch, mask), writtenField, taken.data.children[0]!))
  }
  if (cursor !== rows.length) throw new Error(`a delta checkpoint names ${rows.length - cursor} rows its base does not have`)
  return out
}

function applyTextDelta(base: RecordBatch[], delta: RecordBatch): RecordBatch[] {
  const rows = delta.getChild(CHANGED_ROW_COLUMN)!.toArray() as Int32Array
  const textIndex = delta.schema.fields.findIndex((f) => f.name !== CHANGED_ROW_COLUMN)
  const textField = delta.schema.fields[textIndex]!
  const changed = delta.data.children[textIndex]! as Data<Utf8>
  let cursor = 0
  let offset = 0
  const out = base.map((batch) => {
    const from = cursor
    while (cursor < rows.length && rows[cursor]! < offset + batch.numRows) cursor++
    const column = batch.schema.fields.findIndex((f) => f.name === textField.name)
    if (column < 0) throw new Error(`a text delta rewrites '${textField.name}', which its base does not have`)
    const text = batch.data.children[column]! as Data<Utf8>
    const merged = cursor === from ? text : replaceTexts(text, rows.subarray(from, cursor), offset, changed, from)
    offset += batch.numRows
    return withColumn(batch, textField, merged)
  })
  if (cursor !== rows.length) throw new Error(`a delta checkpoint names ${rows.length - cursor} rows its base does not have`)
  return out
}

/** `base` with row `rows[k] - offset` taken from row `first + k` of `changed`. */
function replaceTexts(base: Data<Utf8>, rows: Int32Array, offset: number, changed: Data<Utf8>, first: number): Data<Utf8> {
  const from = new Uint8Array(base.length)
  const at = Int32Array.from({ length: base.length }, (_, r) => r)
  rows.forEach((row, k) => {
    from[row - offset] = 1
    at[row - offset] = first + k
  })
  return gatherUtf8([base, changed], from, at)
}

/** The checkpoints a delta needs, oldest first (a full checkpoint, then deltas); undefined when one is missing. A chain over the source slice starts with no record. */
export function deltaChain(record: CheckpointRecord, records: CheckpointRecord[]): CheckpointRecord[] | undefined {
  const chain: CheckpointRecord[] = []
  let current = record
  while (current.base_op !== undefined && current.base_op !== SOURCE_BASE) {
    const base = records.find((r) => r.op_index === current.base_op)
    if (base === undefined) return undefined
    chain.unshift(base)
    current = base
  }
  return chain
}

/** Whether a checkpoint is read over the partition's source slice (through its chain of deltas). */
export function readsSource(record: CheckpointRecord, records: CheckpointRecord[]): boolean {
  const chain = deltaChain(record, records)
  return chain !== undefined && (chain[0] ?? record).base_op === SOURCE_BASE
}

/** The files a checkpoint stands for: its own and, at a deduplicator's boundary, its key runs. */
export function checkpointFiles(record: CheckpointRecord): FileRecord[] {
  return record.keys !== undefined ? [record, record.keys] : [record]
}
