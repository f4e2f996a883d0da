import type { Compression } from '../../shared/dataset'
import { openTextStream } from './text-stream'
import { seededRandom } from '../../shared/random'

/** A run of records of one text file: bytes of the file when it is not compressed, record numbers when it is. */
export type TextSlice =
  | { kind: 'bytes'; start: number; end: number; firstLine: number; rows: number }
  | { kind: 'records'; first: number; count: number; firstLine: number }

export interface TextScan {
  slices: TextSlice[]
  rows: number
  /** Raw text of sampled records (up to `sampleSize`), for schema inference. */
  samples: { text: string; line: number }[]
  /** CSV only: the header record. */
  header?: Buffer
}

const MAX_SAMPLED_RECORD = 64 << 20

/** Where a CSV scan is inside a record, byte by byte, mirroring CsvParser. */
class CsvBoundaryState {
  quoted = false
  private atFieldStart = true
  private afterQuote = false

  reset(): void {
    this.quoted = false
    this.atFieldStart = true
    this.afterQuote = false
  }
  quote(): void {
    if (this.afterQuote || this.atFieldStart) this.quoted = true
    this.afterQuote = false
    this.atFieldStart = false
  }
  closeQuote(): void {
    this.quoted = false
    this.afterQuote = true
  }
  delimiter(): void {
    this.atFieldStart = true
    this.afterQuote = false
  }
  other(): void {
    this.atFieldStart = false
    this.afterQuote = false
  }
}

export interface ScanLimits {
  partitionRows: number
  partitionBytes: number
  sampleSize: number
}

function isBlankLine(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const b = bytes[i]!
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false
  }
  return true
}

/**
 * Reads a text file once to find record boundaries and cut it into slices of at most
 * `partitionRows` records and about `partitionBytes` bytes. `csv` makes the scan quote-aware
 * (a quoted field may hold line breaks) and keeps the first record apart as the header.
 * Blank lines are not records.
 */
export async function scanTextFile(path: string, compression: Compression, limits: ScanLimits, csv: boolean, delimiter = ','): Promise<TextScan> {
  const stream = openTextStream(path, compression)
  // Deterministic sampling: the same file always gives the same sample.
  const random = seededRandom(0x5eed)
  const slices: TextSlice[] = []
  const samples: { text: string; line: number }[] = []
  let header: Buffer | undefined
  let records = 0
  let line = 1
  const csvState = new CsvBoundaryState()
  const delimiterByte = delimiter.charCodeAt(0)
  let pendingCR = false
  let pending: Buffer[] = []
  let pendingBytes = 0
  let chunkBase = 0
  let recordStart = 0
  let recordLine = 1
  let sliceStart = 0
  let sliceFirstRecord = 0
  let sliceFirstLine = 1
  let sliceRows = 0

  const endSlice = (end: number): void => {
    if (sliceRows === 0) return
    slices.push(
      compression === 'none'
        ? { kind: 'bytes', start: sliceStart, end, firstLine: sliceFirstLine, rows: sliceRows }
        : { kind: 'records', first: sliceFirstRecord, count: sliceRows, firstLine: sliceFirstLine }
    )
    sliceRows = 0
  }

  /** One record ends at byte `end` of the stream; `piece` is its tail within the current chunk. */
  const recordEnds = (piece: Buffer, end: number): void => {
    let record = piece
    if (pending.length > 0) {
      pending.push(piece)
      record = Buffer.concat(pending)
      pending = []
      pendingBytes = 0
    }
    const length = record.length > 0 && record[record.length - 1] === 0x0d ? record.length - 1 : record.length
    // A blank record: for CSV an empty line (as CsvParser sees it), for JSONL whitespace only.
    const blank = csv ? length === 0 : isBlankLine(record, 0, length)
    if (csv && header === undefined) header = Buffer.from(record.subarray(0, length))
    else if (!blank) {
      if (sliceRows === 0) {
        sliceStart = recordStart
        sliceFirstRecord = records
        sliceFirstLine = recordLine
      }
      records++
      sliceRows++
      // Reservoir sampling: a uniform sample of all records, the same for the same file.
      if (samples.length < limits.sampleSize) samples.push({ text: record.toString('utf8', 0, length), line: recordLine })
      else {
        const j = Math.floor(random() * records)
        if (j < limits.sampleSize) samples[j] = { text: record.toString('utf8', 0, length), line: recordLine }
      }
    }
    recordStart = end
    line++
    recordLine = line
    if (sliceRows >= limits.partitionRows || (sliceRows > 0 && recordStart - sliceStart >= limits.partitionBytes)) endSlice(recordStart)
  }

  const keep = (rest: Buffer): void => {
    pendingBytes += rest.length
    // An overlong record is reported, with its line, by the reader; the scan keeps only its start.
    if (pendingBytes <= MAX_SAMPLED_RECORD) pending.push(rest)
  }

  try {
    for await (const chunk of stream.chunks) {
      let from = 0
      if (csv) {
        // The same record boundaries as CsvParser: a quote opens a quoted field only at the start
        // of a field, "" inside one is a literal quote, and \n, \r\n or a bare \r ends a record.
        for (let i = 0; i < chunk.length; i++) {
          const b = chunk[i]!
          if (pendingCR) {
            pendingCR = false
            if (b !== 0x0a) {
              recordEnds(Buffer.alloc(0), chunkBase + i)
              from = i
              csvState.reset()
            }
          }
          if (csvState.quoted) {
            if (b === 0x22) csvState.closeQuote()
            else if (b === 0x0a) line++
            continue
          }
          if (b === 0x22) csvState.quote()
          else if (b === delimiterByte) csvState.delimiter()
          else if (b === 0x0a) {
            recordEnds(chunk.subarray(from, i), chunkBase + i + 1)
            from = i + 1
            csvState.reset()
          } else if (b === 0x0d) {
            if (i + 1 === chunk.length) pendingCR = true
            else if (chunk[i + 1] !== 0x0a) {
              recordEnds(chunk.subarray(from, i + 1), chunkBase + i + 1)
              from = i + 1
              csvState.reset()
            }
          } else csvState.other()
        }
      } else {
        for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
          recordEnds(chunk.subarray(from, nl), chunkBase + nl + 1)
          from = nl + 1
        }
      }
      if (from < chunk.length) keep(chunk.subarray(from))
      chunkBase += chunk.length
    }
    if (pendingBytes > 0 || pendingCR) recordEnds(Buffer.alloc(0), chunkBase)
    endSlice(chunkBase)
  } finally {
    stream.close()
  }
  const result: TextScan = { slices, rows: records, samples }
  if (header !== undefined) result.header = header
  return result
}
