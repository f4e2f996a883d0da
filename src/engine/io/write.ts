import { gzipSync } from 'node:zlib'
import { RecordBatch, Schema, Table, tableToIPC } from 'apache-arrow'
import { Compression, EnabledStatistics, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from 'parquet-wasm/node'
import type { ExportFormat, ParquetCodec } from '../../shared/recipe'
import { rowObjects } from '../ops/batch'
import { jsonText } from './json-value'

export function parquetCodec(codec: ParquetCodec): Compression {
  return CODECS[codec]
}

const CODECS: Record<ParquetCodec, Compression> = {
  zstd: Compression.ZSTD,
  snappy: Compression.SNAPPY,
  gzip: Compression.GZIP,
  brotli: Compression.BROTLI,
  lz4: Compression.LZ4_RAW,
  none: Compression.UNCOMPRESSED
}

/** Row groups of this many rows: small enough to read one at a time, large enough to compress well. */
export const ROW_GROUP_ROWS = 64 * 1024
/** …and of at most this many bytes in memory, so a reader can fetch one screenful without decoding 100 MB. */
export const ROW_GROUP_BYTES = 32 << 20

/**
 * `internal`: a file only Sieve reads back whole (a checkpoint) is written without dictionaries
 * and statistics, which cost encoding time and only help readers that filter.
 */
export function encodeParquet(batches: RecordBatch[], schema: Schema, codec: ParquetCodec, options: { internal?: boolean } = {}): Uint8Array {
  const ipc = tableToIPC(batches.length > 0 ? new Table(batches) : new Table(schema), 'stream')
  const table = WasmTable.fromIPCStream(ipc)
  let builder = new WriterPropertiesBuilder()
    .setCompression(CODECS[codec])
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .setMaxRowGroupBytes(ROW_GROUP_BYTES)
    .setCreatedBy('Sieve')
  if (options.internal === true) builder = builder.setDictionaryEnabled(false).setStatisticsEnabled(EnabledStatistics.None)
  return writeParquet(table, builder.build())
}

export function encodeArrow(batches: RecordBatch[], schema: Schema): Uint8Array {
  return tableToIPC(batches.length > 0 ? new Table(batches) : new Table(schema), 'file')
}

/** Arrow values as JSON: exact 64-bit integers stay numbers when safe, bytes become base64. */
export function jsonValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64')
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(jsonValue)
  const v = value as { toJSON?: () => unknown }
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, x]) => [String(k), jsonValue(x)]))
  // Arrow's struct rows and list vectors both know their JSON shape (a struct row also has a
  // toArray, which would lose its field names).
  if (typeof v.toJSON === 'function') return jsonValue(v.toJSON())
  return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, jsonValue(x)]))
}

export function encodeJsonl(batches: RecordBatch[], gzip: boolean): Uint8Array {
  const lines: string[] = []
  for (const batch of batches) for (const row of rowObjects(batch)) lines.push(jsonText(row))
  const text = Buffer.from(lines.length > 0 ? `${lines.join('\n')}\n` : '', 'utf8')
  return gzip ? gzipSync(text) : text
}

export function encodeBatches(
  batches: RecordBatch[],
  schema: Schema,
  format: ExportFormat,
  codec: ParquetCodec,
  options: { internal?: boolean } = {}
): Uint8Array {
  switch (format) {
    case 'parquet':
      return encodeParquet(batches, schema, codec, options)
    case 'arrow':
      return encodeArrow(batches, schema)
    case 'jsonl':
      return encodeJsonl(batches, codec === 'gzip')
  }
}

export function extensionFor(format: ExportFormat, codec: ParquetCodec): string {
  return format === 'parquet' ? '.parquet' : format === 'arrow' ? '.arrow' : codec === 'gzip' ? '.jsonl.gz' : '.jsonl'
}
