import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { Table, tableToIPC, type RecordBatch, type Schema } from 'apache-arrow'
import { StreamingFile } from '../io/publish'
import { readBatches } from '../io/read-file'
import { encodeStream } from '../io/stream-write'
import { encodeJsonl, encodeParquet } from '../io/write'
import { layoutOfBytes, MergeWriter, readLayout, type ParquetLayout } from '../parquet/merge'
import { CompactWriter } from '../parquet/thrift-write'
import type { WireTypes } from '../parquet/thrift'
import { throwIfStopped } from '../stop'
import type { ExportTaskInput } from '../task-types'
import { WorkDir } from './layout'

/** A shard complete under temp/, not yet renamed to its final name. */
export interface CompletedShard {
  file: StreamingFile
  rows: number
  bytes: number
  sha256: string
}

/** Bytes a batch holds in memory: a first guess at how many rows make a piece of a given size. */
export function byteSize(batch: RecordBatch): number {
  let n = 0
  const visit = (data: RecordBatch['data']): void => {
    const values = data.values as unknown as ArrayBufferView | undefined
    n += (values?.byteLength ?? 0) + (data.valueOffsets?.byteLength ?? 0) + (data.nullBitmap?.byteLength ?? 0)
    for (const child of data.children) visit(child as RecordBatch['data'])
  }
  visit(batch.data)
  return n
}

/** Every batch of the results, in order, one result file in memory at a time. */
async function* resultBatches(input: ExportTaskInput): AsyncGenerator<RecordBatch> {
  for (const result of input.results) yield* await readBatches(join(input.workDir, result.path), 'parquet')
}

/** The batches cut into runs of at most `rows` rows. */
function* slices(batch: RecordBatch, rows: number): Generator<RecordBatch> {
  for (let start = 0; start < batch.numRows; start += rows) yield batch.slice(start, Math.min(batch.numRows, start + rows))
}

/** A run of rows and the exact bytes it adds to a shard once encoded. */
interface Piece {
  batch: RecordBatch
  size: number
  /** The encoded bytes, for formats that are a plain concatenation of pieces (JSONL, gzip members). */
  bytes?: Uint8Array
}

/**
 * The results as pieces of about `target` encoded bytes, each measured exactly: a JSONL piece is
 * its lines (a gzip member of them when compressed: concatenated members are one gzip file), an
 * Arrow piece the record-batch message it becomes in the file. A piece over `limit` (the
 * in-memory size guessed wrong) is halved until it fits or is one row.
 */
async function* pieces(input: ExportTaskInput, schema: Schema, target: number, limit: number): AsyncGenerator<Piece> {
  const { format, compression } = input.export
  const schemaBytes = tableToIPC(new Table(schema), 'stream').length
  const measure = (slice: RecordBatch): Piece => {
    if (format === 'arrow') return { batch: slice, size: tableToIPC(new Table([slice]), 'stream').length - schemaBytes }
    const text = encodeJsonl([slice], false)
    const bytes = compression === 'gzip' ? gzipSync(text) : text
    return { batch: slice, size: bytes.length, bytes }
  }
  function* fitted(slice: RecordBatch): Generator<Piece> {
    const piece = measure(slice)
    if (piece.size <= limit || slice.numRows === 1) {
      yield piece
      return
    }
    const half = Math.ceil(slice.numRows / 2)
    yield* fitted(slice.slice(0, half))
    yield* fitted(slice.slice(half))
  }
  for await (const batch of resultBatches(input)) {
    if (batch.numRows === 0) continue
    const rows = Math.max(1, Math.floor((target * batch.numRows) / Math.max(1, byteSize(batch))))
    for (const slice of slices(batch, rows)) yield* fitted(slice)
  }
}

/**
 * A JSONL or Arrow export in shards of at most `limit` bytes: pieces are measured before they are
 * written, and a shard takes the next one only if it still fits, so a shard exceeds the limit only
 * when a single row does.
 */
export async function shardEncoded(input: ExportTaskInput, limit: number): Promise<CompletedShard[]> {
  const dir = new WorkDir(input.workDir)
  const hint = input.exportPath
  let schema: Schema | undefined
  for (const result of input.results) {
    schema = (await readBatches(join(input.workDir, result.path), 'parquet'))[0]?.schema
    if (schema !== undefined) break
  }
  if (schema === undefined) throw new Error('there are no results to export')
  const arrow = input.export.format === 'arrow'
  // An Arrow file repeats its schema in the footer and lists every batch there (24 bytes each).
  const schemaBytes = arrow ? tableToIPC(new Table(schema), 'stream').length : 0
  const overhead = arrow ? 2 * schemaBytes + 64 : 0
  const source = pieces(input, schema, Math.max(1, limit / 8), limit)[Symbol.asyncIterator]()
  let lookahead = await source.next()
  const shards: CompletedShard[] = []
  while (shards.length === 0 || lookahead.done !== true) {
    let rows = 0
    let size = overhead
    const file = await StreamingFile.create(dir.temp, hint)
    try {
      async function* shardPieces(): AsyncGenerator<Piece> {
        while (lookahead.done !== true) {
          const piece = lookahead.value
          const added = piece.size + (arrow ? 24 : 0)
          if (rows > 0 && size + added > limit) return
          rows += piece.batch.numRows
          size += added
          yield piece
          lookahead = await source.next()
        }
      }
      if (arrow) {
        const batches = (async function* () {
          for await (const piece of shardPieces()) yield piece.batch
        })()
        for await (const chunk of encodeStream(batches, schema, 'arrow', 'none')) {
          throwIfStopped()
          await file.write(chunk, hint)
        }
      } else {
        for await (const piece of shardPieces()) {
          throwIfStopped()
          await file.write(piece.bytes!, hint)
        }
      }
    } catch (err) {
      await file.abort()
      throw err
    }
    shards.push({ file, rows, ...(await file.complete(hint)) })
  }
  return shards
}

/** Bytes a row group adds to a merged file's footer. */
function footerShare(layout: ParquetLayout, group: number, types: WireTypes): number {
  const writer = new CompactWriter(types)
  writer.struct(layout.rowGroups[group]!.metadata)
  // Offsets rewritten for the new place may take a few bytes more each.
  return writer.bytes().length + 8 * (layout.rowGroups[group]!.metadata.get(1) as unknown[]).length
}

/** A result's rows encoded again in row groups small enough for `limit`: for a result whose own row groups are larger. */
async function* smallerRowGroups(
  input: ExportTaskInput,
  path: string,
  limit: number,
  bytesPerRow: number,
  types: WireTypes
): AsyncGenerator<ParquetLayout> {
  const codec = input.export.compression
  let rows = Math.max(1, Math.floor(limit / 4 / Math.max(1, bytesPerRow)))
  const batches = await readBatches(path, 'parquet')
  const schema = batches[0]!.schema
  let pending: RecordBatch[] = batches.filter((b) => b.numRows > 0)
  while (pending.length > 0) {
    const take: RecordBatch[] = []
    let taken = 0
    while (taken < rows && pending.length > 0) {
      const batch = pending[0]!
      const part = batch.slice(0, Math.min(batch.numRows, rows - taken))
      take.push(part)
      taken += part.numRows
      pending = part.numRows === batch.numRows ? pending.slice(1) : [batch.slice(part.numRows), ...pending.slice(1)]
    }
    const bytes = encodeParquet(take, schema, codec)
    if (bytes.length > limit / 2 && taken > 1) {
      // Compressed worse than the guess: put the rows back and take half as many.
      pending = [...take, ...pending]
      rows = Math.max(1, Math.floor(taken / 2))
      continue
    }
    yield await layoutOfBytes(path, bytes, types)
  }
}

/**
 * A Parquet export in shards of at most `limit` bytes, made of whole row groups copied byte for
 * byte; a result whose row groups are larger than the limit is encoded again in smaller ones. A
 * shard ends before the row group that would take it past the limit (or that has another schema).
 */
export async function shardParquet(input: ExportTaskInput, limit: number): Promise<CompletedShard[]> {
  const dir = new WorkDir(input.workDir)
  const hint = input.exportPath
  const types: WireTypes = { fields: new WeakMap(), elements: new WeakMap() }
  const shards: CompletedShard[] = []
  let open: { file: StreamingFile; writer: MergeWriter; size: number } | undefined
  const write =
    (file: StreamingFile) =>
    (chunk: Uint8Array): Promise<void> => {
      throwIfStopped()
      return file.write(chunk, hint)
    }
  const close = async (): Promise<void> => {
    if (open === undefined) return
    const { file, writer } = open
    open = undefined
    const rows = await writer.finish()
    shards.push({ file, rows, ...(await file.complete(hint)) })
  }
  const place = async (layout: ParquetLayout, group: number): Promise<void> => {
    const span = layout.rowGroups[group]!
    const added = span.end - span.start + footerShare(layout, group, types)
    if (open !== undefined && (open.writer.shapeKey !== layout.shapeKey || open.size + added > limit)) await close()
    if (open === undefined) {
      const file = await StreamingFile.create(dir.temp, hint)
      const base = layout.footerBytes - layout.rowGroups.reduce((n, _, g) => n + footerShare(layout, g, types), 0)
      open = { file, writer: new MergeWriter({ write: write(file) }, types), size: 12 + Math.max(0, base) }
    }
    await open.writer.add(layout, group)
    open.size += added
  }
  let first: ParquetLayout | undefined
  try {
    for (const result of input.results) {
      const path = join(input.workDir, result.path)
      const layout = await readLayout(path, types)
      first ??= layout
      const fits = layout.rowGroups.every((span, g) => 12 + span.end - span.start + layout.footerBytes + footerShare(layout, g, types) <= limit)
      if (fits) for (const g of layout.rowGroups.keys()) await place(layout, g)
      else {
        const bytesPerRow = layout.rowGroups.reduce((n, s) => n + s.end - s.start, 0) / Math.max(1, result.rows)
        for await (const smaller of smallerRowGroups(input, path, limit, bytesPerRow, types)) {
          for (const g of smaller.rowGroups.keys()) await place(smaller, g)
        }
      }
    }
    if (shards.length === 0 && open === undefined) {
      if (first === undefined) throw new Error('there are no results to export')
      // No rows at all: one file that carries the schema.
      const file = await StreamingFile.create(dir.temp, hint)
      open = { file, writer: new MergeWriter({ write: write(file) }, types), size: 0 }
      await open.writer.start(first)
    }
    await close()
  } catch (err) {
    await open?.file.abort()
    for (const shard of shards) await shard.file.abort()
    throw err
  }
  return shards
}
