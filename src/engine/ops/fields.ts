import type { RecordBatch } from 'apache-arrow'
import { columnValues } from './batch'
import { SieveError } from '../../shared/errors'

/**
 * The values of a field for every row, as plain JS values; `a.b` reaches into struct column `a`
 * (Data-Juicer's nested field keys). A field the batch lacks is a clear error.
 */
export function fieldValues(batch: RecordBatch, key: string, op: string): unknown[] {
  const [top, ...rest] = key.split('.')
  const index = batch.schema.fields.findIndex((f) => f.name === top)
  if (index < 0) {
    throw new SieveError(
      'BAD_REQUEST',
      `${op}: the dataset has no field '${top}' (its fields: ${batch.schema.fields.map((f) => f.name).join(', ')}).`,
      {
        op,
        field: key
      }
    )
  }
  const values = columnValues(batch.data.children[index]!)
  const out: unknown[] = new Array(batch.numRows)
  for (let i = 0; i < batch.numRows; i++) {
    let value: unknown = values[i]
    for (const part of rest) {
      if (value === null || value === undefined) break
      value = (value as Record<string, unknown>)[part]
    }
    out[i] = typeof value === 'bigint' ? Number(value) : value
  }
  return out
}
