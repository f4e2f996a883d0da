import { createGzip } from 'node:zlib'
import { RecordBatchFileWriter, Table, tableToIPC, type RecordBatch, type Schema } from 'apache-arrow'
import { Table as WasmTable, transformParquetStream, WriterPropertiesBuilder } from 'parquet-wasm/node'
import type { ExportFormat, ParquetCodec } from '../../shared/recipe'
import { rowObjects } from '../ops/batch'
import { jsonText } from './json-value'
import { parquetCodec, ROW_GROUP_BYTES, ROW_GROUP_ROWS } from './write'

/**
 * Encodes a stream of record batches into a stream of file bytes without holding the whole
 * file: Parquet through parquet-wasm's streaming writer (one row group at a time), Arrow IPC
 * through Arrow's file writer, JSONL line by line (gzip optional).
 */
export async function* encodeStream(
  batches: AsyncIterable<RecordBatch>,
  schema: Schema,
  format: ExportFormat,
  codec: ParquetCodec
): AsyncGenerator<Uint8Array> {
  if (format === 'parquet') yield* parquetStream(batches, codec)
  else if (format === 'arrow') yield* arrowStream(batches, schema)
  else yield* jsonlStream(batches, codec === 'gzip')
}

/** The caller sends at least one batch (possibly empty): it carries the schema into the file. */
async function* parquetStream(batches: AsyncIterable<RecordBatch>, codec: ParquetCodec): AsyncGenerator<Uint8Array> {
  const iterator = batches[Symbol.asyncIterator]()
  const input = new ReadableStream({
    async pull(controller) {
      const next = await iterator.next()
      if (next.done === true) {
        controller.close()
        return
      }
      controller.enqueue(WasmTable.fromIPCStream(tableToIPC(new Table([next.value]), 'stream')).recordBatch(0))
    }
  })
  const properties = new WriterPropertiesBuilder()
    .setCompression(parquetCodec(codec))
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .setMaxRowGroupBytes(ROW_GROUP_BYTES)
    .setCreatedBy('Sieve')
    .build()
  const output = await transformParquetStream(input, properties)
  for await (const chunk of output as unknown as AsyncIterable<Uint8Array>) yield chunk
}

async function* arrowStream(batches: AsyncIterable<RecordBatch>, schema: Schema): AsyncGenerator<Uint8Array> {
  const writer = new RecordBatchFileWriter()
  const pending: Uint8Array[] = []
  let done = false
  const reading = (async () => {
    for await (const chunk of writer) pending.push(chunk)
    done = true
  })()
  let wrote = false
  for await (const batch of batches) {
    writer.write(batch)
    wrote = true
    await new Promise((r) => setImmediate(r))
    yield* pending.splice(0)
  }
  if (!wrote) writer.reset(undefined, schema)
  writer.finish()
  await reading
  yield* pending.splice(0)
  if (!done) throw new Error('the Arrow writer did not finish')
}

async function* jsonlStream(batches: AsyncIterable<RecordBatch>, gzip: boolean): AsyncGenerator<Uint8Array> {
  const gz = gzip ? createGzip() : undefined
  const compressed: Uint8Array[] = []
  gz?.on('data', (c: Buffer) => compressed.push(c))
  for await (const batch of batches) {
    let text = ''
    for (const row of rowObjects(batch)) text += `${jsonText(row)}\n`
    const bytes = Buffer.from(text, 'utf8')
    if (gz === undefined) yield bytes
    else {
      await new Promise<void>((resolve) => (gz.write(bytes) ? resolve() : gz.once('drain', resolve)))
      yield* compressed.splice(0)
    }
  }
  if (gz !== undefined) {
    await new Promise<void>((resolve) => {
      gz.once('end', resolve)
      gz.end()
    })
    yield* compressed.splice(0)
  }
}
