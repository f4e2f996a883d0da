import { readdir, rm } from 'node:fs/promises'
import { basename, dirname, extname, join } from 'node:path'
import type { RecordBatch, Schema } from 'apache-arrow'
import type { Recipe } from '../../shared/recipe'
import { publishRename, StreamingFile } from '../io/publish'
import { readLayout, writeMerged, type ParquetLayout } from '../parquet/merge'
import type { WireTypes } from '../parquet/thrift'
import { readBatches } from '../io/read-file'
import { encodeStream } from '../io/stream-write'
import { extensionFor } from '../io/write'
import { throwIfStopped } from '../stop'
import { WorkDir } from './layout'
import type { FileRecord } from './manifest'

export interface ExportTaskInput {
  workDir: string
  exportPath: string
  export: Recipe['export']
  /** Result files, in partition order, already export-shaped (columns and codec). */
  results: FileRecord[]
}

/** `${shard:05}`-style placeholders of a shard template. */
export function shardName(template: string, shard: number, numShards: number): string {
  return template.replace(/\$\{(shard|num_shards)(?::(\d+))?\}/g, (_m, name: string, width?: string) => {
    const value = String(name === 'shard' ? shard : numShards)
    return width !== undefined ? value.padStart(Number(width), '0') : value
  })
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

interface CompletedShard {
  file: StreamingFile
  rows: number
  bytes: number
  sha256: string
}

/**
 * Merges the partition results into `export_path`: one file, or shards of at most
 * `max_file_size_mb`. Shards are completed under temp/ and renamed into place once their count —
 * part of their names — is known. A Parquet export copies the results' row groups byte for byte;
 * other formats (or results whose schemas differ) are decoded and encoded, one batch at a time.
 */
export async function exportResults(input: ExportTaskInput): Promise<FileRecord[]> {
  const limit = input.export.max_file_size_mb > 0 ? input.export.max_file_size_mb * (1 << 20) : Infinity
  const copied = input.export.format === 'parquet' ? await copyRowGroups(input, limit) : undefined
  const shards = copied ?? (await reencode(input, limit))
  const { format, compression, shard_template: template } = input.export
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

/** Shards of whole row groups, each up to `limit` bytes on disk; undefined when the results cannot be merged as they are. */
async function copyRowGroups(input: ExportTaskInput, limit: number): Promise<CompletedShard[] | undefined> {
  const types: WireTypes = { fields: new WeakMap(), elements: new WeakMap() }
  const layouts: ParquetLayout[] = []
  for (const result of input.results) layouts.push(await readLayout(join(input.workDir, result.path), types))
  if (layouts.length === 0 || layouts.some((l) => l.shapeKey !== layouts[0]!.shapeKey)) return undefined
  const plan: { layout: number; group: number }[][] = [[]]
  let size = 0
  layouts.forEach((layout, l) =>
    layout.rowGroups.forEach((span, g) => {
      const bytes = span.end - span.start
      if (plan.at(-1)!.length > 0 && size + bytes > limit) {
        plan.push([])
        size = 0
      }
      plan.at(-1)!.push({ layout: l, group: g })
      size += bytes
    })
  )
  const dir = new WorkDir(input.workDir)
  const shards: CompletedShard[] = []
  for (const groups of plan) {
    const file = await StreamingFile.create(dir.temp, input.exportPath)
    let rows: number
    try {
      const write = (chunk: Uint8Array): Promise<void> => {
        throwIfStopped()
        return file.write(chunk, input.exportPath)
      }
      rows = await writeMerged(layouts, groups, { write }, types)
    } catch (err) {
      await file.abort()
      throw err
    }
    shards.push({ file, rows, ...(await file.complete(input.exportPath)) })
  }
  return shards
}

/** Reads every result and encodes it in the export's format, streaming: one partition's rows in memory at a time. */
async function reencode(input: ExportTaskInput, limit: number): Promise<CompletedShard[]> {
  const dir = new WorkDir(input.workDir)
  const { format, compression } = input.export

  // Only batches with rows are written, except one empty batch to carry the schema of an empty export.
  async function* allBatches(): AsyncGenerator<RecordBatch> {
    let empty: RecordBatch | undefined
    let yielded = false
    for (const result of input.results) {
      for (const batch of await readBatches(join(input.workDir, result.path), 'parquet')) {
        if (batch.numRows === 0) empty ??= batch
        else {
          yielded = true
          yield batch
        }
      }
    }
    if (!yielded && empty !== undefined) yield empty
  }
  const source = allBatches()[Symbol.asyncIterator]()
  let lookahead = await source.next()
  const schema: Schema | undefined = lookahead.done === true ? undefined : lookahead.value.schema
  if (schema === undefined) throw new Error('there are no results to export')

  const shards: CompletedShard[] = []
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
      for await (const chunk of encodeStream(shardBatches(), schema, format, compression)) {
        throwIfStopped()
        await file.write(chunk, finalHint)
      }
    } catch (err) {
      await file.abort()
      throw err
    }
    const done = await file.complete(finalHint)
    shards.push({ file, rows, ...done })
  }
  return shards
}
