import { open } from 'node:fs/promises'
import { gunzipSync, constants as zlibConstants } from 'node:zlib'
import { Decompress as ZstdDecompress } from 'fzstd'
import { basename } from 'node:path'
import { SieveError } from '../../shared/errors'
import type { Compression, DatasetFormat } from '../../shared/dataset'
import { fileError } from './fs-errors'
import { documentSuffix } from '../../shared/text-documents'
import { refuseExtractedDocument } from './text-document'

export interface Detection {
  format: DatasetFormat
  compression: Compression
  sizeBytes: number
  /** Set when the file's name promises a different format than its content has. */
  extensionMismatch?: string
}

const SNIFF_BYTES = 64 * 1024

/** Reads up to `length` bytes from the start (or, with `fromEnd`, the end) of a file. */
export async function readBytes(path: string, length: number, fromEnd = false): Promise<{ bytes: Buffer; size: number }> {
  let handle
  try {
    handle = await open(path, 'r')
    const { size } = await handle.stat()
    const n = Math.min(length, size)
    const bytes = Buffer.alloc(n)
    await handle.read(bytes, 0, n, fromEnd ? size - n : 0)
    return { bytes, size }
  } catch (err) {
    throw fileError(err, path)
  } finally {
    await handle?.close()
  }
}

function startsWith(bytes: Uint8Array, ...prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b)
}

const GZIP = [0x1f, 0x8b]
const ZSTD = [0x28, 0xb5, 0x2f, 0xfd]
const PAR1 = [0x50, 0x41, 0x52, 0x31]
const PARE = [0x50, 0x41, 0x52, 0x45]
const ARROW1 = [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31]
const IPC_CONTINUATION = [0xff, 0xff, 0xff, 0xff]

function decompressHead(bytes: Buffer, compression: Compression): Buffer {
  if (compression === 'gzip') {
    // A prefix of a gzip stream: flush what decodes and ignore the missing end.
    return gunzipSync(bytes, { finishFlush: zlibConstants.Z_SYNC_FLUSH })
  }
  const chunks: Uint8Array[] = []
  const stream = new ZstdDecompress((chunk) => chunks.push(chunk))
  stream.push(bytes)
  return Buffer.concat(chunks)
}

/** The format a file's name suggests, if any. */
export function formatFromName(path: string): { format?: DatasetFormat; compression: Compression } {
  if (documentSuffix(path) !== undefined) return { format: 'text', compression: 'none' }
  let name = basename(path).toLowerCase()
  let compression: Compression = 'none'
  if (name.endsWith('.gz')) {
    compression = 'gzip'
    name = name.slice(0, -3)
  } else if (name.endsWith('.zst') || name.endsWith('.zstd')) {
    compression = 'zstd'
    name = name.slice(0, name.lastIndexOf('.'))
  }
  const ext = name.slice(name.lastIndexOf('.') + 1)
  const byExt: Record<string, DatasetFormat> = {
    jsonl: 'jsonl',
    ndjson: 'jsonl',
    json: 'json',
    csv: 'csv',
    tsv: 'tsv',
    tab: 'tsv',
    parquet: 'parquet',
    pq: 'parquet',
    arrow: 'arrow',
    feather: 'arrow',
    ipc: 'arrow',
    arrows: 'arrow'
  }
  const format = byExt[ext]
  return format === undefined ? { compression } : { format, compression }
}

/**
 * Detects a dataset file's format from its content; the extension only breaks ties. A text
 * document (.txt, .md, source code) is known by its name, as Data-Juicer knows it, and may be empty.
 */
export async function detectFormat(path: string): Promise<Detection> {
  refuseExtractedDocument(path)
  const { bytes: raw, size } = await readBytes(path, SNIFF_BYTES)
  if (formatFromName(path).format === 'text') return { format: 'text', compression: 'none', sizeBytes: size }
  if (size === 0) {
    throw new SieveError('EMPTY_FILE', `${path} is empty (0 bytes). Choose a file that contains records.`, { path })
  }
  const named = formatFromName(path)
  const withMismatch = (d: Detection): Detection => {
    if (named.format !== undefined && named.format !== d.format && !(named.format === 'json' && d.format === 'jsonl')) {
      d.extensionMismatch = `${basename(path)} is named like ${named.format.toUpperCase()} but contains ${d.format.toUpperCase()}; reading it as ${d.format.toUpperCase()}.`
    }
    return d
  }

  if (startsWith(raw, ...PAR1)) return withMismatch({ format: 'parquet', compression: 'none', sizeBytes: size })
  if (startsWith(raw, ...PARE)) {
    throw new SieveError('ENCRYPTED', `${path} is an encrypted Parquet file (magic PARE); Sieve cannot read encrypted files.`, {
      path
    })
  }
  if (startsWith(raw, ...ARROW1) || startsWith(raw, ...IPC_CONTINUATION)) {
    return withMismatch({ format: 'arrow', compression: 'none', sizeBytes: size })
  }

  let compression: Compression = 'none'
  let text = raw
  if (startsWith(raw, ...GZIP) || startsWith(raw, ...ZSTD)) {
    compression = startsWith(raw, ...GZIP) ? 'gzip' : 'zstd'
    try {
      text = decompressHead(raw, compression)
    } catch (err) {
      throw new SieveError('UNREADABLE', `${path} looks ${compression}-compressed but does not decompress: ${(err as Error).message}.`, {
        path
      })
    }
    if (text.length === 0) {
      throw new SieveError('EMPTY_FILE', `${path} decompresses to nothing. Choose a file that contains records.`, { path })
    }
  }
  const format = sniffText(text, path, named.format)
  return withMismatch({ format, compression, sizeBytes: size })
}

/**
 * Binary formats are full of NULs and other control bytes (Parquet, Arrow, gzip and zstd are known
 * by their magic before this); a text file may hold a stray one, which is then one bad record like
 * any other. So a file is binary when control bytes other than tab, line breaks, form feed and
 * escape are more than two and more than 1% of its first bytes.
 */
function looksBinary(bytes: Buffer): boolean {
  let controls = 0
  for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d && b !== 0x1b) || b === 0x7f) controls++
  return controls > 2 && controls * 100 > bytes.length
}

function sniffText(bytes: Buffer, path: string, namedFormat: DatasetFormat | undefined): DatasetFormat {
  if (looksBinary(bytes)) {
    throw new SieveError(
      'UNKNOWN_FORMAT',
      `${path} is a binary file that Sieve does not know. Sieve reads JSONL, JSON, CSV/TSV, Parquet and Arrow IPC files, and text documents (.txt, .md, source code).`,
      { path }
    )
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  let i = start
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++
  if (i === bytes.length) {
    throw new SieveError('EMPTY_FILE', `${path} contains only whitespace. Choose a file that contains records.`, { path })
  }
  if (bytes[i] === 0x7b /* { */) {
    const firstLineEnd = bytes.indexOf(0x0a, i)
    const firstLine = bytes.subarray(i, firstLineEnd === -1 ? bytes.length : firstLineEnd).toString('utf8')
    try {
      JSON.parse(firstLine)
      return 'jsonl'
    } catch {
      // A pretty-printed object is JSON; a broken first line of a JSONL file is reported when it is read.
      return namedFormat === 'json' ? 'json' : 'jsonl'
    }
  }
  if (bytes[i] === 0x5b /* [ */) return 'json'

  const headerEnd = bytes.indexOf(0x0a, start)
  const header = bytes.subarray(start, headerEnd === -1 ? bytes.length : headerEnd).toString('utf8')
  const tabs = header.split('\t').length - 1
  const commas = countOutsideQuotes(header, ',')
  if (tabs > 0 && tabs >= commas) return 'tsv'
  if (commas > 0) return 'csv'
  if (namedFormat === 'csv' || namedFormat === 'tsv') return namedFormat
  // Named JSON but not starting like it: read it as JSONL so the bad lines are reported by number.
  if (namedFormat === 'jsonl' || namedFormat === 'json') return 'jsonl'
  throw new SieveError(
    'UNKNOWN_FORMAT',
    `${path} is text but not JSONL, JSON, CSV or TSV (its first line has no '{', '[', comma or tab). Convert it to JSONL with one record per line.`,
    { path }
  )
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0
  let quoted = false
  for (const ch of line) {
    if (ch === '"') quoted = !quoted
    else if (ch === delimiter && !quoted) count++
  }
  return count
}
