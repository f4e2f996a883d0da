import { stat } from 'node:fs/promises'
import { Table, tableFromIPC, tableToIPC, type RecordBatch } from 'apache-arrow'
import type { ParquetFile } from 'parquet-wasm/node'
import { openParquet } from '../io/parquet-read'

/** Open files stay open between pages (their footer read once), a few at a time, dropped when the file changes. */
const open = new Map<string, { file: ParquetFile; mtimeMs: number; size: number; groups: number[] }>()
const KEEP_OPEN = 4

async function cached(path: string): Promise<{ file: ParquetFile; groups: number[] }> {
  const s = await stat(path)
  const hit = open.get(path)
  if (hit !== undefined && hit.mtimeMs === s.mtimeMs && hit.size === s.size) {
    open.delete(path)
    open.set(path, hit)
    return hit
  }
  hit?.file.free()
  const file = await openParquet(path)
  const meta = file.metadata()
  const groups: number[] = []
  for (let g = 0; g < meta.numRowGroups(); g++) groups.push(meta.rowGroup(g).numRows())
  const entry = { file, mtimeMs: s.mtimeMs, size: s.size, groups }
  open.set(path, entry)
  while (open.size > KEEP_OPEN) {
    const [oldest, value] = open.entries().next().value as [string, { file: ParquetFile }]
    value.file.free()
    open.delete(oldest)
  }
  return entry
}

/**
 * Rows [offset, offset + limit) of a Parquet file as Arrow IPC bytes, reading only the row groups
 * that hold them (and within each, only from the first row needed).
 */
export async function readParquetPage(path: string, offset: number, limit: number): Promise<Uint8Array> {
  const { file, groups } = await cached(path)
  const batches: RecordBatch[] = []
  let schema
  let start = 0
  for (const [g, rows] of groups.entries()) {
    const end = start + rows
    if (end > offset && start < offset + limit) {
      const from = Math.max(0, offset - start)
      const count = Math.min(rows - from, offset + limit - (start + from))
      const table = tableFromIPC((await file.read({ rowGroups: [g], offset: from, limit: count })).intoIPCStream())
      schema ??= table.schema
      batches.push(...table.batches)
    }
    if (start >= offset + limit) break
    start = end
  }
  if (schema === undefined) {
    schema = tableFromIPC(file.schema().intoIPCStream()).schema
    return tableToIPC(new Table(schema), 'stream')
  }
  return tableToIPC(new Table(batches), 'stream')
}
