import { readdir, rm } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import type { RecordBatch, Schema } from 'apache-arrow'
import type { Recipe } from '../../shared/recipe'
import { makeBatch, STATS_COLUMN } from '../ops/batch'
import { HASH_COLUMN } from '../ops/base'
import { publishRename, StreamingFile } from '../io/publish'
import { readBatches } from '../io/read-file'
import { encodeStream } from '../io/stream-write'
import { extensionFor } from '../io/write'
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

/** Shards of an earlier export into the same folder (another count, another run) would double rows for anyone reading the folder. */
async function removeStaleShards(folder: string, template: string, ext: string, keep: Set<string>): Promise<void> {
  const escaped = template.replace(/[.*+?^()|[\]\\]/g, '\\$&').replace(/\$\{(shard|num_shards)(:\d+)?\}/g, '\\d+')
  const pattern = new RegExp(`^${escaped}${extname(template) === '' ? ext.replace(/\./g, '\\.') : ''}$`)
  for (const name of await readdir(folder)) {
    const full = join(folder, name)
    if (pattern.test(name) && !keep.has(full)) await rm(full, { force: true })
  }
}

/** Bytes a batch holds in memory: what a shard's size is measured in before it is encoded. */
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
 * Merges the partition results into `export_path`, streaming: one partition's rows in memory at
 * a time, encoded as they go. One file, or shards of at most `max_file_size_mb` of data (measured
 * before compression, so shards on disk are smaller). Shards are completed under temp/ and renamed
 * into place once their count — part of their names — is known.
 */
export async function exportResults(input: ExportTaskInput): Promise<FileRecord[]> {
  const dir = new WorkDir(input.workDir)
  const { format, compression, max_file_size_mb: maxMb, shard_template: template } = input.export
  const limit = maxMb > 0 ? maxMb * (1 << 20) : Infinity

  // Only batches with rows are written, except one empty batch to carry the schema of an empty export.
  async function* allBatches(): AsyncGenerator<RecordBatch> {
    let empty: RecordBatch | undefined
    let yielded = false
    for (const result of input.results) {
      for (const batch of await readBatches(join(input.workDir, result.path), 'parquet')) {
        const shaped = forExport(batch, input.keepStats, input.keepHashes)
        if (shaped.numRows === 0) empty ??= shaped
        else {
          yielded = true
          yield shaped
        }
      }
    }
    if (!yielded && empty !== undefined) yield empty
  }
  const source = allBatches()[Symbol.asyncIterator]()
  let lookahead = await source.next()
  const schema: Schema | undefined = lookahead.done === true ? undefined : lookahead.value.schema
  if (schema === undefined) throw new Error('there are no results to export')

  const shards: { file: StreamingFile; rows: number; bytes: number; sha256: string }[] = []
  const finalHint = input.exportPath
  while (shards.length === 0 || lookahead.done !== true) {
    let rows = 0
    let size = 0
    async function* shardBatches(): AsyncGenerator<RecordBatch> {
      while (lookahead.done !== true) {
        const batch = lookahead.value
        const bytes = byteSize(batch)
        if (rows > 0 && size + bytes > limit) return
        rows += batch.numRows
        size += bytes
        yield batch
        lookahead = await source.next()
      }
    }
    const file = await StreamingFile.create(dir.temp, finalHint)
    try {
      for await (const chunk of encodeStream(shardBatches(), schema, format, compression)) await file.write(chunk, finalHint)
    } catch (err) {
      await file.abort()
      throw err
    }
    const done = await file.complete(finalHint)
    shards.push({ file, rows, ...done })
  }

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
    await publishRename(shard.file.tempPath, finals[i]!)
    records.push({ path: finals[i]!, rows: shard.rows, bytes: shard.bytes, sha256: shard.sha256 })
  }
  if (limit !== Infinity) await removeStaleShards(dirname(finals[0]!), template, ext, new Set(finals))
  return records
}
