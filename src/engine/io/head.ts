import { RecordBatchReader, Table, Utf8, vectorFromArray, type RecordBatch } from 'apache-arrow'
import { open, type FileHandle } from 'node:fs/promises'
import type { Compression, DatasetFormat, ParquetDetails } from '../../shared/dataset'
import { SieveError } from '../../shared/errors'
import { CsvParser } from './csv'
import { fileError } from './fs-errors'
import { JsonArrayScanner } from './json-array'
import { parseJson } from './json-value'
import { readParquetHead } from './parquet-read'
import { csvRowsToTable, recordsToTable } from './records-to-arrow'
import { readDocument } from './text-document'
import { LenientUtf8Decoder, openTextStream, splitLines, type TextStream } from './text-stream'

export interface Head {
  table: Table
  rowCount: { value: number; exact: boolean }
  warnings: string[]
  parquet?: ParquetDetails
}

const MAX_RECORD_BYTES = 64 << 20
/** Small files are counted exactly; larger ones estimated from the bytes per row of the head. */
const EXACT_COUNT_LIMIT = 32 << 20
const MAX_WARNINGS = 20

export async function readHead(path: string, format: DatasetFormat, compression: Compression, sizeBytes: number, rows: number): Promise<Head> {
  switch (format) {
    case 'parquet': {
      const { table, totalRows, details } = await readParquetHead(path, rows)
      return { table, rowCount: { value: totalRows, exact: true }, warnings: [], parquet: details }
    }
    case 'arrow':
      return readArrowHead(path, sizeBytes, rows)
    case 'jsonl':
      return readJsonlHead(path, compression, sizeBytes, rows)
    case 'json':
      return readJsonArrayHead(path, compression, sizeBytes, rows)
    case 'csv':
    case 'tsv':
      return readCsvHead(path, format === 'csv' ? ',' : '\t', compression, sizeBytes, rows)
    case 'text':
      return readDocumentsHead([path])
  }
}

/** Text documents, one row each (its whole content as `text`); a file that is not UTF-8 is a warning, as a bad line is. */
export async function readDocumentsHead(paths: readonly string[]): Promise<Head> {
  const warnings = new Warnings()
  const records: Record<string, unknown>[] = []
  let firstInvalid: { path: string; at: number } | undefined
  for (const path of paths) {
    const read = await readDocument(path)
    if ('invalidAt' in read) {
      firstInvalid ??= { path, at: read.invalidAt }
      warnings.add(`${path} is not valid UTF-8 text (byte ${read.invalidAt}); a job reports it as a bad record.`)
    } else records.push({ text: read.text })
  }
  if (records.length === 0 && firstInvalid !== undefined) throw notUtf8(firstInvalid.path, firstInvalid.at)
  const table = records.length > 0 ? recordsToTable(records) : new Table({ text: vectorFromArray([] as string[], new Utf8()) })
  return { table, rowCount: { value: paths.length, exact: true }, warnings: warnings.done() }
}

class Warnings {
  readonly list: string[] = []
  private dropped = 0
  add(message: string): void {
    if (this.list.length < MAX_WARNINGS) this.list.push(message)
    else this.dropped++
  }
  done(): string[] {
    return this.dropped > 0 ? [...this.list, `… and ${this.dropped} more like these.`] : this.list
  }
}

/** Estimates the rows in a file from how many bytes of it the head took. */
function estimate(stream: TextStream, sizeBytes: number, rowsSeen: number, textBytesSeen: number, compression: Compression): number {
  if (rowsSeen === 0 || textBytesSeen === 0) return 0
  const bytesPerRow = textBytesSeen / rowsSeen
  const totalText = compression === 'none' ? sizeBytes : sizeBytes * (textBytesSeen / Math.max(1, stream.bytesRead()))
  return Math.max(rowsSeen, Math.round(totalText / bytesPerRow))
}

function countsExactly(sizeBytes: number, compression: Compression): boolean {
  return compression === 'none' ? sizeBytes <= EXACT_COUNT_LIMIT : sizeBytes <= EXACT_COUNT_LIMIT / 8
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

async function readJsonlHead(path: string, compression: Compression, sizeBytes: number, rows: number): Promise<Head> {
  const stream = openTextStream(path, compression)
  const warnings = new Warnings()
  const records: Record<string, unknown>[] = []
  const exact = countsExactly(sizeBytes, compression)
  let recordLines = 0
  let textBytes = 0
  let malformed = 0
  try {
    for await (const line of splitLines(stream.chunks, MAX_RECORD_BYTES, path)) {
      if (isBlank(line.bytes)) continue
      recordLines++
      if (records.length >= rows) {
        if (!exact) break
        continue
      }
      textBytes = line.offset + line.bytes.length + 1
      let text: string
      try {
        text = utf8.decode(line.bytes)
      } catch {
        malformed++
        warnings.add(`Line ${line.lineNumber}: not valid UTF-8 text.`)
        continue
      }
      const parsed = parseJson(text)
      if ('reason' in parsed) {
        malformed++
        warnings.add(`Line ${line.lineNumber}: ${parsed.reason}.`)
        continue
      }
      const value = parsed.value
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        malformed++
        warnings.add(`Line ${line.lineNumber}: a JSON ${Array.isArray(value) ? 'array' : typeof value}, not an object.`)
        continue
      }
      records.push(value as Record<string, unknown>)
    }
  } finally {
    stream.close()
  }
  if (records.length === 0) {
    if (malformed > 0) {
      throw new SieveError('MALFORMED', `${path} has no readable JSON records in its first lines. ${warnings.list[0] ?? ''}`.trim(), {
        path,
        warnings: warnings.done()
      })
    }
    throw new SieveError('EMPTY_FILE', `${path} holds no records (only blank lines).`, { path })
  }
  const value = exact ? recordLines : estimate(stream, sizeBytes, records.length + malformed, textBytes, compression)
  return { table: recordsToTable(records), rowCount: { value, exact }, warnings: warnings.done() }
}

async function readJsonArrayHead(path: string, compression: Compression, sizeBytes: number, rows: number): Promise<Head> {
  const stream = openTextStream(path, compression)
  const scanner = new JsonArrayScanner(path, MAX_RECORD_BYTES)
  const decoder = new LenientUtf8Decoder()
  const warnings = new Warnings()
  const exact = countsExactly(sizeBytes, compression)
  const records: Record<string, unknown>[] = []
  let count = 0
  let textBytes = 0
  let complete = false
  let firstInvalid: number | undefined
  const take = (element: string): void => {
    count++
    if (!element.isWellFormed()) {
      const at = decoder.take(element)
      firstInvalid ??= at
      warnings.add(`Record ${count}: not valid UTF-8 text (byte ${at}).`)
    } else if (records.length < rows) {
      const parsed = parseJson(element)
      if ('reason' in parsed) warnings.add(`Record ${count}: ${parsed.reason}.`)
      else records.push(parsed.value as Record<string, unknown>)
    }
  }
  try {
    for await (const chunk of stream.chunks) {
      textBytes += chunk.length
      for (const element of scanner.push(decoder.decode(chunk))) take(element)
      if (records.length >= rows && !exact) break
    }
    if (records.length < rows || exact) {
      for (const element of scanner.push(decoder.decode(new Uint8Array(0), true))) take(element)
      scanner.end()
      complete = true
    }
  } finally {
    stream.close()
  }
  if (records.length === 0) {
    if (firstInvalid !== undefined) throw notUtf8(path, firstInvalid)
    if (count > 0) throw new SieveError('MALFORMED', `${path} has no readable records in its first ones. ${warnings.list[0] ?? ''}`.trim(), { path })
    throw new SieveError('EMPTY_FILE', `${path} is an empty JSON array: it holds no records.`, { path })
  }
  const value = complete ? count : estimate(stream, sizeBytes, count, textBytes, compression)
  return { table: recordsToTable(records), rowCount: { value, exact: complete }, warnings: warnings.done() }
}

async function readCsvHead(path: string, delimiter: string, compression: Compression, sizeBytes: number, rows: number): Promise<Head> {
  const stream = openTextStream(path, compression)
  const parser = new CsvParser(delimiter, MAX_RECORD_BYTES, { fileStart: true })
  const decoder = new LenientUtf8Decoder()
  const warnings = new Warnings()
  const exact = countsExactly(sizeBytes, compression) && sizeBytes <= EXACT_COUNT_LIMIT / 4
  let header: string[] | undefined
  const body: string[][] = []
  let count = 0
  let textBytes = 0
  let complete = false
  let firstInvalid: number | undefined
  const take = (record: { fields: string[]; line: number }): void => {
    if (!record.fields.every((f) => f.isWellFormed())) {
      const at = decoder.take(record.fields.join(''))
      firstInvalid ??= at
      if (header !== undefined) {
        count++
        warnings.add(`Line ${record.line}: not valid UTF-8 text (byte ${at}).`)
        return
      }
    }
    if (header === undefined) {
      header = record.fields
      return
    }
    count++
    if (record.fields.length !== header.length) {
      warnings.add(`Line ${record.line}: ${record.fields.length} fields where the header has ${header.length}.`)
    }
    if (body.length < rows) body.push(record.fields)
  }
  try {
    for await (const chunk of stream.chunks) {
      textBytes += chunk.length
      for (const record of parser.push(decoder.decode(chunk))) take(record)
      if (body.length >= rows && !exact) break
    }
    if (body.length < rows || exact) {
      for (const record of parser.push(decoder.decode(new Uint8Array(0), true))) take(record)
      const last = parser.end()
      if (last !== undefined) take(last)
      complete = true
    }
  } finally {
    stream.close()
  }
  if (header === undefined) throw new SieveError('EMPTY_FILE', `${path} has no header row.`, { path })
  if (body.length === 0 && firstInvalid !== undefined) throw notUtf8(path, firstInvalid)
  if (body.length === 0) throw new SieveError('EMPTY_FILE', `${path} has a header row but no records.`, { path })
  const value = complete ? count : estimate(stream, sizeBytes, count, textBytes, compression)
  return { table: csvRowsToTable(header, body), rowCount: { value, exact: complete }, warnings: warnings.done() }
}

async function readArrowHead(path: string, sizeBytes: number, rows: number): Promise<Head> {
  let handle: FileHandle | undefined
  try {
    handle = await open(path, 'r')
    // A FileHandle gives the reader random access, which the IPC file format (footer at the end) needs.
    const reader = await RecordBatchReader.from(handle)
    await reader.open()
    const batches: RecordBatch[] = []
    let taken = 0
    let total = 0
    const countAll = sizeBytes <= EXACT_COUNT_LIMIT
    for await (const batch of reader) {
      total += batch.numRows
      if (taken < rows) {
        const kept = taken + batch.numRows > rows ? batch.slice(0, rows - taken) : batch
        batches.push(kept)
        taken += kept.numRows
      }
      if (taken >= rows && !countAll) break
    }
    const table = batches.length > 0 ? new Table(batches) : new Table(reader.schema)
    if (table.numRows === 0) throw new SieveError('EMPTY_FILE', `${path} is an Arrow file with no rows.`, { path })
    const exact = countAll || taken < rows
    return { table, rowCount: { value: total, exact }, warnings: [] }
  } catch (err) {
    if (err instanceof SieveError) throw err
    if ((err as NodeJS.ErrnoException).code !== undefined) throw fileError(err, path)
    throw new SieveError('UNREADABLE', `${path} is not a readable Arrow IPC file: ${(err as Error).message}.`, { path })
  } finally {
    await handle?.close()
  }
}

/** A file none of whose first records is UTF-8 is refused whole: it is in another encoding. */
function notUtf8(path: string, at: number): SieveError {
  return new SieveError('NOT_UTF8', `${path} is not valid UTF-8 text (near byte ${at}). Re-encode it as UTF-8.`, { path })
}

function isBlank(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false
  return true
}
