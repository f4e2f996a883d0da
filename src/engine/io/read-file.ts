import { gunzipSync } from 'node:zlib'
import { tableFromIPC, type RecordBatch, type Schema } from 'apache-arrow'
import type { ExportFormat } from '../../shared/recipe'
import { SieveError } from '../../shared/errors'
import { readBytes } from './fs-errors'
import { openParquet } from './parquet-read'
import { parseJson } from './json-value'
import { conformRecord, rowsToBatch } from './schema'

/**
 * Empty batches read back from a file can lack the child columns of their struct fields, which
 * Arrow writers then refuse; keep only batches with rows, or one freshly built empty batch.
 */
function nonEmpty(batches: RecordBatch[], schema: Schema): RecordBatch[] {
  const withRows = batches.filter((b) => b.numRows > 0)
  return withRows.length > 0 ? withRows : [rowsToBatch([], schema)]
}

/**
 * Reads back a file Sieve wrote (a checkpoint, a result): Parquet and Arrow carry their schema;
 * JSONL needs the schema it was written with. `columns` limits a Parquet read to those columns.
 */
export async function readBatches(path: string, format: ExportFormat, schema?: Schema, columns?: string[], batchSize = 4096): Promise<RecordBatch[]> {
  if (format === 'parquet') {
    const file = await openParquet(path)
    try {
      const wasm = await file.read({ batchSize, ...(columns !== undefined ? { columns } : {}) })
      const table = tableFromIPC(wasm.intoIPCStream())
      return nonEmpty(table.batches, table.schema)
    } finally {
      file.free()
    }
  }
  const bytes = await readBytes(path)
  if (format === 'arrow') {
    const table = tableFromIPC(bytes)
    return nonEmpty(table.batches, table.schema)
  }
  if (schema === undefined) throw new Error(`reading ${path} as JSONL needs its schema`)
  const text = (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8')
  const rows: unknown[][] = []
  for (const line of text.split('\n')) {
    if (line === '') continue
    const parsed = parseJson(line)
    const conformed = 'reason' in parsed ? parsed : conformRecord(parsed.value, schema, [])
    if ('reason' in conformed) throw new SieveError('UNREADABLE', `${path} does not match the schema it was written with: ${conformed.reason}`)
    rows.push(conformed.row)
  }
  return [rowsToBatch(rows, schema)]
}
