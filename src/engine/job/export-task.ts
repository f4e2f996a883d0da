import { createHash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { RecordBatch } from 'apache-arrow'
import { SieveError } from '../../shared/errors'
import { publishRename, StreamingFile } from '../io/publish'
import { readLayout, writeMerged, type ParquetLayout } from '../parquet/merge'
import type { WireTypes } from '../parquet/thrift'
import { readBatches } from '../io/read-file'
import { encodeStream } from '../io/stream-write'
import { throwIfStopped } from '../stop'
import { WorkDir } from './layout'
import type { FileRecord } from './manifest'
import { shardEncoded, shardParquet, type CompletedShard } from './export-shards'
import { shardFolder, shardPath, shardPattern } from './export-path'
import type { ExportTaskInput } from '../task-types'
export type { ExportTaskInput } from '../task-types'

/** Shards of an earlier export into the same folder (another count, another run) would double rows for anyone reading the folder. */
async function removeStaleShards(input: ExportTaskInput, keep: Set<string>): Promise<void> {
  const folder = shardFolder(input.exportPath)
  const pattern = shardPattern(input.export)
  for (const name of await readdir(folder)) {
    const full = join(folder, name)
    if (pattern.test(name) && !keep.has(full)) await rm(full, { force: true })
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Refuses to publish an export that lost or doubled rows, or that would replace a file that is not this job's. */
async function checkBeforePublishing(input: ExportTaskInput, shards: CompletedShard[], finals: string[]): Promise<void> {
  const expected = input.results.reduce((n, r) => n + r.rows, 0)
  const written = shards.reduce((n, s) => n + s.rows, 0)
  if (written !== expected) {
    throw new SieveError(
      'INTERNAL',
      `The export holds ${written} rows where the results hold ${expected}; nothing was published. Resume the job to try the export again.`,
      { expected, written }
    )
  }
  if (new Set(finals).size !== finals.length) {
    throw new SieveError(
      'BAD_REQUEST',
      `export.shard_template '${input.export.shard_template}' gives two shards the same name; include \${shard} in it.`
    )
  }
  if (input.overwrite) return
  const earlier = new Set(input.earlier)
  const foreign: string[] = []
  for (const [i, f] of finals.entries()) {
    // A file with the very bytes about to replace it is this export's own, published before a crash
    // and before the manifest could record it.
    if (existsSync(f) && !earlier.has(f) && (await sha256Of(f)) !== shards[i]!.sha256) foreign.push(f)
  }
  if (foreign.length > 0) {
    throw new SieveError(
      'BAD_REQUEST',
      `${foreign[0]} appeared while the job ran and is not an earlier export of this job; nothing was replaced. Move it away, or resume with --force to replace it.`,
      {
        path: foreign[0]
      }
    )
  }
}

/**
 * Merges the partition results into `export_path`: one file, or shards of at most
 * `max_file_size_mb` (see export-shards.ts). Files are completed under temp/ and renamed into
 * place once their count — part of their names — is known and their rows add up. A Parquet
 * export copies the results' row groups byte for byte where they fit; other formats are decoded
 * and encoded, one result at a time.
 */
export async function exportResults(input: ExportTaskInput): Promise<FileRecord[]> {
  const limit = input.export.max_file_size_mb > 0 ? input.export.max_file_size_mb * (1 << 20) : Infinity
  let shards: CompletedShard[]
  if (limit !== Infinity) shards = input.export.format === 'parquet' ? await shardParquet(input, limit) : await shardEncoded(input, limit)
  else shards = (input.export.format === 'parquet' ? await copyRowGroups(input) : undefined) ?? (await reencode(input))
  const finals = limit === Infinity ? [input.exportPath] : shards.map((_, i) => shardPath(input.export, input.exportPath, i, shards.length))
  try {
    await checkBeforePublishing(input, shards, finals)
  } catch (err) {
    for (const shard of shards) await shard.file.abort()
    throw err
  }
  const records: FileRecord[] = []
  for (const [i, shard] of shards.entries()) {
    await publishRename(shard.file.tempPath, finals[i]!)
    records.push({ path: finals[i]!, rows: shard.rows, bytes: shard.bytes, sha256: shard.sha256 })
  }
  if (limit !== Infinity && input.overwrite) await removeStaleShards(input, new Set(finals))
  return records
}

/** The results' row groups copied into one file; undefined when their schemas differ and they cannot be merged as they are. */
async function copyRowGroups(input: ExportTaskInput): Promise<CompletedShard[] | undefined> {
  const types: WireTypes = { fields: new WeakMap(), elements: new WeakMap() }
  const layouts: ParquetLayout[] = []
  for (const result of input.results) layouts.push(await readLayout(join(input.workDir, result.path), types))
  if (layouts.length === 0 || layouts.some((l) => l.shapeKey !== layouts[0]!.shapeKey)) return undefined
  const groups = layouts.flatMap((layout, l) => layout.rowGroups.map((_, g) => ({ layout: l, group: g })))
  const file = await StreamingFile.create(new WorkDir(input.workDir).temp, input.exportPath)
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
  return [{ file, rows, ...(await file.complete(input.exportPath)) }]
}

/** Reads every result and encodes it in the export's format into one file, streaming: one partition's rows in memory at a time. */
async function reencode(input: ExportTaskInput): Promise<CompletedShard[]> {
  const { format, compression } = input.export
  let rows = 0
  // Only batches with rows are written, except one empty batch to carry the schema of an empty export.
  async function* allBatches(): AsyncGenerator<RecordBatch> {
    let empty: RecordBatch | undefined
    for (const result of input.results) {
      for (const batch of await readBatches(join(input.workDir, result.path), 'parquet')) {
        if (batch.numRows === 0) empty ??= batch
        else {
          rows += batch.numRows
          yield batch
        }
      }
    }
    if (rows === 0 && empty !== undefined) yield empty
  }
  const source = allBatches()
  const head = await source.next()
  if (head.done === true) throw new Error('there are no results to export')
  async function* batches(): AsyncGenerator<RecordBatch> {
    yield head.value as RecordBatch
    yield* source
  }
  const file = await StreamingFile.create(new WorkDir(input.workDir).temp, input.exportPath)
  try {
    for await (const chunk of encodeStream(batches(), head.value.schema, format, compression)) {
      throwIfStopped()
      await file.write(chunk, input.exportPath)
    }
  } catch (err) {
    await file.abort()
    throw err
  }
  return [{ file, rows, ...(await file.complete(input.exportPath)) }]
}
