import { Field, Int32, makeData, Schema, type RecordBatch } from 'apache-arrow'
import { makeBatch, selectRows, takeRows, withColumn } from '../ops/batch'
import type { CheckpointRecord } from './manifest'

/**
 * A filter only drops rows and adds its stat, and a deduplicator's first stage only adds each
 * row's key, so their checkpoints need not hold the rows again: a delta holds the row numbers
 * kept of the checkpoint before it, and the one column the operator wrote (the stats, or the
 * key). It costs a few bytes per row instead of a copy of the text.
 */
const ROW_COLUMN = '__sieve_row__'

/** The delta over an operator's input batches: `kept[i]` marks what it kept of input batch `i`, `outputs[i]` is what it gave, `column` what it wrote. */
export function deltaBatches(kept: Uint8Array[], outputs: RecordBatch[], column: string): { schema: Schema; batches: RecordBatch[] } {
  const written = outputs[0]?.schema.fields.find((f) => f.name === column)
  if (written === undefined) throw new Error(`an operator output without its ${column} column`)
  const rowField = new Field(ROW_COLUMN, new Int32(), false)
  const batches: RecordBatch[] = []
  let offset = 0
  kept.forEach((mask, i) => {
    const rows = new Int32Array(outputs[i]!.numRows)
    let n = 0
    for (let r = 0; r < mask.length; r++) if (mask[r] === 1) rows[n++] = offset + r
    offset += mask.length
    const data = outputs[i]!.data.children[outputs[i]!.schema.fields.findIndex((f) => f.name === column)]!
    const rowData = makeData({ type: new Int32(), length: rows.length, nullCount: 0, data: rows })
    batches.push(makeBatch([rowField, written], [rowData, data], rows.length))
  })
  return { schema: new Schema([rowField, written]), batches }
}

/** The rows a delta stands for: its base's rows it kept, with the column it wrote. */
export function applyDelta(base: RecordBatch[], delta: RecordBatch): RecordBatch[] {
  const rows = delta.getChild(ROW_COLUMN)!.toArray() as Int32Array
  const writtenIndex = delta.schema.fields.findIndex((f) => f.name !== ROW_COLUMN)
  const writtenField = delta.schema.fields[writtenIndex]!
  const written = makeBatch([writtenField], [delta.data.children[writtenIndex]!], delta.numRows)
  const out: RecordBatch[] = []
  let cursor = 0
  let offset = 0
  for (const batch of base) {
    const mask = new Uint8Array(batch.numRows)
    const from = cursor
    while (cursor < rows.length && rows[cursor]! < offset + batch.numRows) mask[rows[cursor++]! - offset] = 1
    offset += batch.numRows
    const taken = takeRows(written, Array.from({ length: cursor - from }, (_, i) => from + i))
    out.push(withColumn(selectRows(batch, mask), writtenField, taken.data.children[0]!))
  }
  if (cursor !== rows.length) throw new Error(`a delta checkpoint names ${rows.length - cursor} rows its base does not have`)
  return out
}

/** The checkpoints a delta needs, oldest first (a full checkpoint, then deltas); undefined when one is missing. */
export function deltaChain(record: CheckpointRecord, records: CheckpointRecord[]): CheckpointRecord[] | undefined {
  const chain: CheckpointRecord[] = []
  let current = record
  while (current.base_op !== undefined) {
    const base = records.find((r) => r.op_index === current.base_op)
    if (base === undefined) return undefined
    chain.unshift(base)
    current = base
  }
  return chain
}
