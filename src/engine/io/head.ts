import { RecordBatchReader, Table, type RecordBatch } from 'apache-arrow'
import { open, type FileHandle } from 'node:fs/promises'
import type { Compression, DatasetFormat, ParquetDetails } from '../../shared/dataset'
import { SieveError } from '../../shared/errors'
import { CsvParser } from './csv'
import { fileError } from './fs-errors'
import { JsonArrayScanner } from './json-array'
import { readParquetHead } from './parquet-read'
import { csvRowsToTable, recordsToTable } from './records-to-arrow'
import { openTextStream, splitLines, StrictUtf8Decoder, type TextStream } from './text-stream'

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

export async function readHead(
  path: string,
  format: DatasetFormat,
  compression: Compression,
  sizeBytes: number,
  rows: number
): Promise<Head> {
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
  }
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
      try {
        const value: unknown = JSON.parse(text)
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          malformed++
          warnings.add(`Line ${line.lineNumber}: a JSON ${Array.isArray(value) ? 'array' : typeof value}, not an object.`)
          continue
        }
        records.push(value as Record<string, unknown>)
      } catch (err) {
        malformed++
        warnings.add(`Line ${line.lineNumber}: not valid JSON (${(err as Error).message}).`)
      }
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
  const decoder = new StrictUtf8Decoder(path)
  const exact = countsExactly(sizeBytes, compression)
  const records: Record<string, unknown>[] = []
  let count = 0
  let textBytes = 0
  let complete = false
  try {
    for await (const chunk of stream.chunks) {
      const text = decoder.decode(chunk)
      textBytes += chunk.length
      for (const element of scanner.push(text)) {
        count++
        if (records.length < rows) {
          try {
            records.push(JSON.parse(element) as Record<string, unknown>)
          } catch (err) {
            throw new SieveError('MALFORMED', `${path}: record ${count} is not valid JSON (${(err as Error).message}).`, { path })
          }
        }
      }
      if (records.length >= rows && !exact) break
    }
    if (records.length < rows || exact) {
      scanner.end()
      complete = true
    }
  } finally {
    stream.close()
  }
  if (records.length === 0) throw new SieveError('EMPTY_FILE', `${path} is an empty JSON array: it holds no records.`, { path })
  const value = complete ? count : estimate(stream, sizeBytes, count, textBytes, compression)
  return { table: recordsToTable(records), rowCount: { value, exact: complete }, warnings: [] }
}

async function readCsvHead(
  path: string,
  delimiter: string,
  compression: Compression,
  sizeBytes: number,
  rows: number
): Promise<Head> {
  const stream = openTextStream(path, compression)
  const parser = new CsvParser(delimiter, MAX_RECORD_BYTES)
  const decoder = new StrictUtf8Decoder(path)
  const warnings = new Warnings()
  const exact = countsExactly(sizeBytes, compression) && sizeBytes <= EXACT_COUNT_LIMIT / 4
  let header: string[] | undefined
  const body: string[][] = []
  let count = 0
  let textBytes = 0
  let complete = false
  const take = (record: { fields: string[]; line: number }): void => {
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
      const text = decoder.decode(chunk)
      textBytes += chunk.length
      for (const record of parser.push(text)) take(record)
      if (body.length >= rows && !exact) break
    }
    if (body.length < rows || exact) {
      const last = parser.end()
      if (last !== undefined) take(last)
      complete = true
    }
  } finally {
    stream.close()
  }
  if (header === undefined) throw new SieveError('EMPTY_FILE', `${path} has no header row.`, { path })
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

function isBlank(bytes: Buffer): boolean {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false
  return true
}
