import { describe, expect, it } from 'vitest'
import type { CheckpointRecord } from '../task-types'
import { checkpointMessage, checkpointRows } from './checkpoint-message'

const record = (fields: Partial<CheckpointRecord>): CheckpointRecord => ({
  path: 'checkpoints/p/op.parquet',
  bytes: 10,
  sha256: 'x',
  rows: 1,
  op_index: 0,
  op_name: 'clean_links_mapper',
  format: 'parquet',
  schema: '',
  ...fields
})
const ops = { '0': { name: 'clean_links_mapper', rows_in: 5000, rows_out: 5000, millis: 1, text_bytes: 1 } }

describe('a checkpoint event counts the rows the checkpoint stands for', () => {
  it('a text delta that rewrote one row stands for all 5,000 rows, and says it saved the one', () => {
    const delta = record({ delta: 'text', base_op: -1 })
    expect(checkpointRows(delta, ops)).toBe(5000)
    expect(checkpointMessage(3, delta, ops)).toBe('checkpoint after clean_links_mapper on partition 3: 5,000 rows, saved as the 1 row it rewrote')
  })

  it('a full checkpoint and a filter delta count their own rows', () => {
    expect(checkpointMessage(0, record({ rows: 4200 }), ops)).toBe('checkpoint after clean_links_mapper on partition 0: 4,200 rows')
    expect(checkpointMessage(0, record({ rows: 1, base_op: -1 }), ops)).toBe(
      'checkpoint after clean_links_mapper on partition 0: 1 row, saved as a delta (which rows were kept)'
    )
  })
})
