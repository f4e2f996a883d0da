import { rm } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import type { RecordBatch, Schema } from 'apache-arrow'
import type { Recipe } from '../../shared/recipe'
import { makeBatch, STATS_COLUMN } from '../ops/batch'
import { HASH_COLUMN } from '../ops/base'
import { publishBytes, publishRename } from '../io/publish'
import { readBatches } from '../io/read-file'
import { encodeBatches, extensionFor } from '../io/write'
import { WorkDir } from './layout'
import type { FileRecord } from './manifest'

export interface ExportTaskInput {
  workDir: string
  exportPath: string
  export: Recipe['export']
  keepStats: boolean
  keepHashes: boolean
  /** Result files, in partition order. */
  results: FileRecord[]
}

/** `${shard:05}`-style placeholders of a shard template. */
export function shardName(template: string, shard: number, numShards: number): string {
  return template.replace(/\$\{(shard|num_shards)(?::(\d+))?\}/g, (_m, name: string, width?: string) => {
    const value = String(name === 'shard' ? shard : numShards)
    return width !== undefined ? value.padStart(Number(width), '0') : value
  })
}

function forExport(batch: RecordBatch, keepStats: boolean, keepHashes: boolean): RecordBatch {
  const keep = batch.schema.fields.map((f) => !((f.name === STATS_COLUMN && !keepStats) || (f.name === HASH_COLUMN && !keepHashes)))
  if (keep.every(Boolean)) return batch
  return makeBatch(
    batch.schema.fields.filter((_, i) => keep[i]),
    batch.data.children.filter((_, i) => keep[i]),
    batch.numRows
  )
}

function byteSize(batch: RecordBatch): number {
  let n = 0
  const visit = (data: RecordBatch['data']): void => {
    const values = data.values as unknown as ArrayBufferView | undefined
    n += (values?.byteLength ?? 0) + (data.valueOffsets?.byteLength ?? 0) + (data.nullBitmap?.byteLength ?? 0)
    for (const child of data.children) visit(child as RecordBatch['data'])
  }
  visit(batch.data)
  return n
}

/**
 * Merges the partition results into `export_path`, in partition order: one file, or shards of
 * at most `max_file_size_mb` (measured in memory, so files on disk, compressed, are smaller).
 * Shards are written under temp/ and renamed into place once their count is known.
 */
export async function exportResults(input: ExportTaskInput): Promise<FileRecord[]> {
  const dir = new WorkDir(input.workDir)
  const { format, compression, max_file_size_mb: maxMb, shard_template: template } = input.export
  const limit = maxMb > 0 ? maxMb * (1 << 20) : Infinity
  const shards: { temp: string; rows: number; bytes: number; sha256: string }[] = []
  let pending: RecordBatch[] = []
  let pendingBytes = 0
  let schema: Schema | undefined

  const flush = async (): Promise<void> => {
    if (pending.length === 0 && shards.length > 0) return
    const temp = join(dir.temp, `export-${process.pid}-${shards.length}${extensionFor(format, compression)}`)
    const bytes = encodeBatches(pending, schema!, format, compression)
    const published = await publishBytes(dir.temp, temp, bytes)
    shards.push({ temp, rows: pending.reduce((n, b) => n + b.numRows, 0), bytes: published.bytes, sha256: published.sha256 })
    pending = []
    pendingBytes = 0
  }

  for (const result of input.results) {
    const batches = await readBatches(join(input.workDir, result.path), 'parquet')
    for (const raw of batches) {
      const batch = forExport(raw, input.keepStats, input.keepHashes)
      schema ??= batch.schema
      const size = byteSize(batch)
      if (limit !== Infinity && pending.length > 0 && pendingBytes + size > limit) await flush()
      if (batch.numRows > 0 || pending.length === 0) {
        pending.push(batch)
        pendingBytes += size
      }
    }
  }
  await flush()

  const ext = extensionFor(format, compression)
  const finals =
    limit === Infinity
      ? [input.exportPath]
      : shards.map((_, i) => {
          const name = shardName(template, i, shards.length)
          const folder = join(dirname(input.exportPath), basename(input.exportPath, extname(input.exportPath)))
          return join(folder, extname(name) === '' ? `${name}${ext}` : name)
        })
  const records: FileRecord[] = []
  for (const [i, shard] of shards.entries()) {
    await publishRename(shard.temp, finals[i]!)
    records.push({ path: finals[i]!, rows: shard.rows, bytes: shard.bytes, sha256: shard.sha256 })
  }
  for (const shard of shards) await rm(shard.temp, { force: true })
  return records
}
