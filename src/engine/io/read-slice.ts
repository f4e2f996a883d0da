import { createReadStream } from 'node:fs'
import { RecordBatchReader, tableFromIPC, type RecordBatch, type Schema } from 'apache-arrow'
import type { Compression, DatasetFormat } from '../../shared/dataset'
import { SieveError } from '../../shared/errors'
import { CsvParser } from './csv'
import { fileError, readBytes } from './fs-errors'
import { JsonArrayScanner } from './json-array'
import { parseJson } from './json-value'
import { openParquet } from './parquet-read'
import { conformCsvRow, conformRecord, rowsToBatch } from './schema'
import { LenientUtf8Decoder, openTextStream, splitLines } from './text-stream'
import type { TextSlice } from './scan'
import { documentSuffix } from '../../shared/text-documents'
import { readDocument } from './text-document'
import { SUFFIX_FIELD } from '../ops/filters/suffix_filter'

/** A record that could not be read, kept with where it was and why. */
export interface BadRecord {
  file: string
  line?: number
  offset?: number
  row?: number
  reason: string
  raw?: string
}

export type SourceSlice =
  | TextSlice
  | { kind: 'whole' }
  /** Whole row groups: the slices of plans made before Parquet partitions were row ranges. */
  | { kind: 'rowGroups'; groups: number[] }
  /** Rows [offset, offset + count) of the listed row groups, counted from the first one's start. */
  | ParquetRows
  | { kind: 'arrowBatches'; first: number; count: number }
  /** Text documents (one row each), many small files to one partition. */
  | DocumentsSlice

export interface DocumentsSlice {
  kind: 'documents'
  files: string[]
}

export interface ParquetRows {
  kind: 'parquetRows'
  groups: number[]
  offset: number
  count: number
}

export interface SourceInput {
  path: string
  format: DatasetFormat
  compression: Compression
  /** CSV: the header's column names. */
  header?: string[]
}

export interface SliceData {
  batches: RecordBatch[]
  bad: BadRecord[]
}

const MAX_RECORD_BYTES = 64 << 20
const RAW_KEPT = 2000
const utf8 = new TextDecoder('utf-8', { fatal: true })

/** Takes each batch as soon as it is read; a reader given one keeps no batch itself, so a slice is never whole in memory. */
export type BatchSink = (batch: RecordBatch) => void

class BatchCollector {
  readonly batches: RecordBatch[] = []
  readonly bad: BadRecord[] = []
  private rows: unknown[][] = []

  constructor(
    private readonly schema: Schema,
    private readonly batchRows: number,
    private readonly sink: BatchSink | undefined
  ) {}

  add(row: unknown[]): void {
    this.rows.push(row)
    if (this.rows.length >= this.batchRows) this.flush()
  }

  flush(): void {
    if (this.rows.length === 0) return
    const batch = rowsToBatch(this.rows, this.schema)
    this.rows = []
    if (this.sink !== undefined) this.sink(batch)
    else this.batches.push(batch)
  }
}

/**
 * The records of one partition's slice of an input file, as record batches of the plan's schema:
 * returned, or with a `sink`, handed to it one by one as they are read (and none returned).
 */
export async function readSlice(
  input: SourceInput,
  slice: SourceSlice,
  schema: Schema,
  textKeys: string[],
  batchRows: number,
  sink?: BatchSink
): Promise<SliceData> {
  const out = new BatchCollector(schema, batchRows, sink)
  switch (input.format) {
    case 'jsonl':
      return readJsonlSlice(input, slice as TextSlice, schema, textKeys, out)
    case 'csv':
    case 'tsv':
      return readCsvSlice(input, slice as TextSlice, schema, textKeys, out)
    case 'json':
      return readJsonArray(input, schema, textKeys, out)
    case 'parquet':
      return delivered(
        await readParquetSlice(
          input,
          slice.kind === 'parquetRows' ? slice : { kind: 'parquetRows', groups: (slice as { groups: number[] }).groups, offset: 0, count: Infinity },
          textKeys,
          batchRows
        ),
        sink
      )
    case 'arrow':
      return delivered(await readArrowSlice(input, slice as { kind: 'arrowBatches'; first: number; count: number }, textKeys), sink)
    case 'text':
      return readDocumentsSlice(slice as DocumentsSlice, schema, textKeys, out)
  }
}

/** One row per document: `text` its whole content, and its own suffix when the schema has `__dj__suffix__` (add_suffix). */
async function readDocumentsSlice(slice: DocumentsSlice, schema: Schema, textKeys: string[], out: BatchCollector): Promise<SliceData> {
  const withSuffix = schema.fields.some((f) => f.name === SUFFIX_FIELD)
  for (const file of slice.files) {
    const read = await readDocument(file)
    if ('invalidAt' in read) {
      out.bad.push({ file, offset: read.invalidAt, reason: `not valid UTF-8 text (byte ${read.invalidAt} of the file)`, raw: read.raw })
      continue
    }
    const conformed = conformRecord({ text: read.text, ...(withSuffix ? { [SUFFIX_FIELD]: documentSuffix(file) } : {}) }, schema, textKeys)
    if ('reason' in conformed) out.bad.push({ file, reason: conformed.reason })
    else out.add(conformed.row)
  }
  out.flush()
  return { batches: out.batches, bad: out.bad }
}

/** Batches a reader decoded all at once (Parquet, Arrow), handed to the sink when there is one. */
function delivered(data: SliceData, sink: BatchSink | undefined): SliceData {
  if (sink === undefined) return data
  for (const batch of data.batches) sink(batch)
  return { batches: [], bad: data.bad }
}

function textChunks(input: SourceInput, slice: TextSlice): AsyncIterable<Buffer> & { close(): void } {
  if (slice.kind === 'bytes') {
    const stream = createReadStream(input.path, { start: slice.start, end: Math.max(slice.start, slice.end - 1), highWaterMark: 1 << 20 })
    const iterable = (async function* () {
      try {
        if (slice.end > slice.start) for await (const chunk of stream) yield chunk as Buffer
      } catch (err) {
        throw fileError(err, input.path)
      }
    })()
    return Object.assign(iterable, { close: () => stream.destroy() })
  }
  const stream = openTextStream(input.path, input.compression)
  return Object.assign(stream.chunks, { close: stream.close })
}

async function readJsonlSlice(input: SourceInput, slice: TextSlice, schema: Schema, textKeys: string[], out: BatchCollector): Promise<SliceData> {
  const chunks = textChunks(input, slice)
  const base = slice.kind === 'bytes' ? slice.start : 0
  const firstLine = slice.kind === 'bytes' ? slice.firstLine : 1
  let record = -1
  try {
    for await (const line of splitLines(chunks, MAX_RECORD_BYTES, input.path)) {
      if (isBlank(line.bytes)) continue
      record++
      if (slice.kind === 'records') {
        if (record < slice.first) continue
        if (record >= slice.first + slice.count) break
      }
      const where = { file: input.path, line: firstLine + line.lineNumber - 1, offset: base + line.offset }
      let text: string
      try {
        text = utf8.decode(line.bytes)
      } catch {
        out.bad.push({ ...where, reason: 'not valid UTF-8 text', raw: line.bytes.subarray(0, RAW_KEPT).toString('latin1') })
        continue
      }
      const parsed = parseJson(text)
      const conformed = 'reason' in parsed ? parsed : conformRecord(parsed.value, schema, textKeys)
      if ('reason' in conformed) out.bad.push({ ...where, reason: conformed.reason, raw: text.slice(0, RAW_KEPT) })
      else out.add(conformed.row)
    }
  } finally {
    chunks.close()
  }
  out.flush()
  return { batches: out.batches, bad: out.bad }
}

async function readCsvSlice(input: SourceInput, slice: TextSlice, schema: Schema, textKeys: string[], out: BatchCollector): Promise<SliceData> {
  // A records slice reads the file from its start, header (and BOM) included.
  const fromStart = slice.kind === 'records'
  const parser = new CsvParser(input.format === 'tsv' ? '\t' : ',', MAX_RECORD_BYTES, { fileStart: fromStart })
  const decoder = new LenientUtf8Decoder(slice.kind === 'bytes' ? slice.start : 0)
  const chunks = textChunks(input, slice)
  const firstLine = slice.kind === 'bytes' ? slice.firstLine : 1
  let headerPending = fromStart
  let record = -1
  let done = false
  const take = (r: { fields: string[]; line: number }): void => {
    const invalidAt = r.fields.every((f) => f.isWellFormed()) ? undefined : decoder.take(r.fields.join(''))
    if (headerPending) {
      headerPending = false
      return
    }
    record++
    if (slice.kind === 'records') {
      if (record < slice.first) return
      if (record >= slice.first + slice.count) {
        done = true
        return
      }
    }
    const line = firstLine + r.line - 1
    const raw = r.fields.join(input.format === 'tsv' ? '\t' : ',').slice(0, RAW_KEPT)
    if (invalidAt !== undefined) {
      out.bad.push({ file: input.path, line, offset: invalidAt, reason: `not valid UTF-8 text (byte ${invalidAt} of the file)`, raw })
      return
    }
    const conformed = conformCsvRow(r.fields, schema, textKeys)
    if ('reason' in conformed) out.bad.push({ file: input.path, line, reason: conformed.reason, raw })
    else out.add(conformed.row)
  }
  try {
    for await (const chunk of chunks) {
      for (const r of parser.push(decoder.decode(chunk))) take(r)
      if (done) break
    }
    if (!done) {
      for (const r of parser.push(decoder.decode(new Uint8Array(0), true))) take(r)
      const last = done ? undefined : parser.end()
      if (last !== undefined) take(last)
    }
  } catch (err) {
    if (err instanceof SieveError && err.code === 'MALFORMED') {
      const line = firstLine + Number(err.details?.line ?? 1) - 1
      throw new SieveError('MALFORMED', `${input.path}: a quoted field that starts on line ${line} is never closed.`, { path: input.path, line })
    }
    throw err
  } finally {
    chunks.close()
  }
  out.flush()
  return { batches: out.batches, bad: out.bad }
}

async function readJsonArray(input: SourceInput, schema: Schema, textKeys: string[], out: BatchCollector): Promise<SliceData> {
  const stream = openTextStream(input.path, input.compression)
  const scanner = new JsonArrayScanner(input.path, MAX_RECORD_BYTES)
  const decoder = new LenientUtf8Decoder()
  let index = 0
  const take = (element: string): void => {
    index++
    if (!element.isWellFormed()) {
      const at = decoder.take(element)
      out.bad.push({
        file: input.path,
        row: index,
        ...(at !== undefined ? { offset: at } : {}),
        reason: 'not valid UTF-8 text',
        raw: element.slice(0, RAW_KEPT)
      })
      return
    }
    const parsed = parseJson(element)
    const conformed = 'reason' in parsed ? parsed : conformRecord(parsed.value, schema, textKeys)
    if ('reason' in conformed) out.bad.push({ file: input.path, row: index, reason: conformed.reason, raw: element.slice(0, RAW_KEPT) })
    else out.add(conformed.row)
  }
  try {
    for await (const chunk of stream.chunks) for (const element of scanner.push(decoder.decode(chunk))) take(element)
    for (const element of scanner.push(decoder.decode(new Uint8Array(0), true))) take(element)
    scanner.end()
  } finally {
    stream.close()
  }
  out.flush()
  return { batches: out.batches, bad: out.bad }
}

/** Rows whose text is null cannot be processed: they become bad records, the rest pass through. */
function dropNullText(batches: RecordBatch[], textKeys: string[], file: string, rowBase: number[]): SliceData {
  const bad: BadRecord[] = []
  const kept: RecordBatch[] = []
  batches.forEach((batch, b) => {
    const columns = textKeys.map((k) => batch.getChild(k))
    let nulls = 0
    for (const c of columns) nulls += c?.nullCount ?? 0
    if (nulls === 0) {
      kept.push(batch)
      return
    }
    const keep: number[] = []
    for (let r = 0; r < batch.numRows; r++) {
      const missing = textKeys.find((_, i) => columns[i]!.get(r) === null)
      if (missing === undefined) keep.push(r)
      else bad.push({ file, row: rowBase[b]! + r, reason: `text field '${missing}' is null` })
    }
    if (keep.length > 0) kept.push(...keep.map((r) => batch.slice(r, r + 1)))
  })
  return { batches: kept, bad }
}

async function readParquetSlice(input: SourceInput, slice: ParquetRows, textKeys: string[], batchRows: number): Promise<SliceData> {
  const file = await openParquet(input.path)
  try {
    const meta = file.metadata()
    let firstRow = slice.offset
    for (let g = 0; g < (slice.groups[0] ?? 0); g++) firstRow += meta.rowGroup(g).numRows()
    let table
    try {
      const range = Number.isFinite(slice.count) ? { offset: slice.offset, limit: slice.count } : {}
      table = tableFromIPC(
        (await file.read({ rowGroups: slice.groups, batchSize: Math.max(1, Math.min(batchRows, 4096)), ...range })).intoIPCStream()
      )
    } catch (err) {
      const rows = Number.isFinite(slice.count)
        ? `rows ${firstRow}–${firstRow + slice.count - 1} (row groups ${slice.groups.join(', ')})`
        : `row groups ${slice.groups.join(', ')}`
      throw new SieveError('UNREADABLE', `${input.path}: ${rows} do not decode: ${(err as Error).message}`, { path: input.path })
    }
    const rowBase: number[] = []
    let n = firstRow
    for (const b of table.batches) {
      rowBase.push(n)
      n += b.numRows
    }
    return dropNullText(table.batches, textKeys, input.path, rowBase)
  } finally {
    file.free()
  }
}

async function readArrowSlice(
  input: SourceInput,
  slice: { kind: 'arrowBatches'; first: number; count: number },
  textKeys: string[]
): Promise<SliceData> {
  const bytes = await readBytes(input.path)
  const reader = RecordBatchReader.from(bytes)
  const batches: RecordBatch[] = []
  const rowBase: number[] = []
  let index = 0
  let row = 0
  for (const batch of reader) {
    if (index >= slice.first && index < slice.first + slice.count) {
      batches.push(batch)
      rowBase.push(row)
    }
    row += batch.numRows
    index++
  }
  return dropNullText(batches, textKeys, input.path, rowBase)
}

function isBlank(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false
  return true
}
