import type { CheckpointRecord, OpCount } from '../task-types'

const count = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`

/**
 * The rows a checkpoint stands for: what the partition holds after its operator. A text delta's own
 * `rows` count only the rows it rewrote, so the operator's output count is taken instead.
 */
export function checkpointRows(record: CheckpointRecord, ops: Record<string, OpCount>): number {
  return record.delta === 'text' ? (ops[String(record.op_index)]?.rows_out ?? record.rows) : record.rows
}

/** The checkpoint_save message: the rows the checkpoint stands for, and how it was saved when it is a delta. */
export function checkpointMessage(id: number, record: CheckpointRecord, ops: Record<string, OpCount>): string {
  const head = `checkpoint after ${record.op_name} on partition ${id}: ${count(checkpointRows(record, ops), 'row', 'rows')}`
  if (record.delta === 'text') return `${head}, saved as the ${count(record.rows, 'row', 'rows')} it rewrote`
  if (record.base_op !== undefined) return `${head}, saved as a delta (which rows were kept)`
  return head
}
