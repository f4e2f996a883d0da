import { open, type FileHandle } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import type { Finding, SchemaNode } from '../../shared/parquet'
import { fileError } from '../io/fs-errors'
import { decodeFooter, type ParquetFooter } from './footer'
import { decompressPage } from './page-codecs'
import { CompactReader, ThriftError, type ThriftStruct, type ThriftValue } from './thrift'

const DATA_PAGE = 0
const DICTIONARY_PAGE = 2
const DATA_PAGE_V2 = 3
const ENCODING_RLE = 3
const ENCODING_BIT_PACKED = 4
const DICTIONARY_ENCODINGS = new Set([2, 8]) // PLAIN_DICTIONARY, RLE_DICTIONARY
const HEADER_WINDOW = 64 << 10
const MAX_HEADER_BYTES = 16 << 20
/** Pages declaring more than this uncompressed are not inflated here; the full decode judges them. */
const MAX_INFLATE_BYTES = 256 << 20

interface Levels {
  maxDefinition: number
  maxRepetition: number
}

function num(v: ThriftValue | undefined): number | undefined {
  return typeof v === 'number' ? v : undefined
}

function sub(v: ThriftValue | undefined): ThriftStruct {
  return v instanceof Map ? v : new Map()
}

function bitWidth(max: number): number {
  return max === 0 ? 0 : 32 - Math.clz32(max)
}

/** Max definition and repetition level of each leaf, by its dotted path (how column chunks name it). */
function levelsByPath(schema: SchemaNode): Map<string, Levels> {
  const out = new Map<string, Levels>()
  const walk = (node: SchemaNode, path: string[], def: number, rep: number): void => {
    const d = def + (node.repetition === 'REQUIRED' ? 0 : 1)
    const r = rep + (node.repetition === 'REPEATED' ? 1 : 0)
    if (node.children.length === 0) out.set(path.join('.'), { maxDefinition: d, maxRepetition: r })
    for (const c of node.children) walk(c, [...path, c.name], d, r)
  }
  for (const c of schema.children) walk(c, [c.name], 0, 0)
  return out
}

async function readFooter(handle: FileHandle): Promise<ParquetFooter | undefined> {
  const size = (await handle.stat()).size
  if (size < 12) return undefined
  const tail = Buffer.alloc(8)
  await handle.read(tail, 0, 8, size - 8)
  const length = tail.readUInt32LE(0)
  if (length === 0 || length > size - 12) return undefined
  const bytes = Buffer.alloc(length)
  await handle.read(bytes, 0, length, size - 8 - length)
  try {
    return decodeFooter(bytes)
  } catch (err) {
    if (err instanceof ThriftError) return undefined
    throw err
  }
}

/** The page header at `at`, read through a window that grows for headers with large statistics. */
async function readPageHeader(handle: FileHandle, at: number, end: number): Promise<{ header: ThriftStruct; length: number } | undefined> {
  for (let window = HEADER_WINDOW; ; window *= 2) {
    const bytes = Buffer.alloc(Math.min(window, end - at))
    await handle.read(bytes, 0, bytes.length, at)
    try {
      const reader = new CompactReader(bytes)
      const header = reader.struct()
      return { header, length: reader.position }
    } catch (err) {
      if (!(err instanceof ThriftError)) throw err
      if (bytes.length < window || window >= MAX_HEADER_BYTES) return undefined
    }
  }
}

/**
 * The first byte of a dictionary-encoded data page's values is the bit width of its indices;
 * this finds that byte, skipping the levels before it. Undefined when the page cannot be opened
 * here (a codec without a decoder, corrupt compression): the full decode reports those.
 */
function indexBitWidth(header: ThriftStruct, body: Uint8Array, codec: string, levels: Levels): number | undefined {
  const uncompressed = num(header.get(2)) ?? 0
  if (uncompressed > MAX_INFLATE_BYTES) return undefined
  try {
    if (num(header.get(1)) === DATA_PAGE_V2) {
      const v2 = sub(header.get(8))
      const levelBytes = (num(v2.get(5)) ?? 0) + (num(v2.get(6)) ?? 0)
      const values = body.subarray(levelBytes)
      const inflated = v2.get(7) === false ? values : decompressPage(codec, values, uncompressed - levelBytes)
      return inflated?.[0]
    }
    const v1 = sub(header.get(5))
    const page = decompressPage(codec, body, uncompressed)
    if (page === undefined) return undefined
    let at = 0
    const skip = (max: number, encoding: number | undefined): void => {
      if (max === 0) return
      if (encoding === ENCODING_RLE) at += 4 + Buffer.from(page.buffer, page.byteOffset, page.byteLength).readUInt32LE(at)
      else if (encoding === ENCODING_BIT_PACKED) at += Math.ceil(((num(v1.get(1)) ?? 0) * bitWidth(max)) / 8)
      else throw new RangeError(`levels encoded as ${encoding}`)
    }
    skip(levels.maxRepetition, num(v1.get(4)))
    skip(levels.maxDefinition, num(v1.get(3)))
    return page[at]
  } catch {
    return undefined
  }
}

/**
 * Deep checks of one row group's pages that decoding alone misses: each page whose header
 * carries a CRC must match it (CRC-32 of the page bytes as stored, after the header), and a
 * dictionary-encoded data page must not claim 0-bit indices over a dictionary of more than one
 * value (lenient readers then return the first value for every row). `page` counts the pages
 * of a column chunk from 0, the dictionary page included.
 */
export async function checkPages(path: string, rowGroup: number): Promise<Finding[]> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (err) {
    throw fileError(err, path)
  }
  try {
    const footer = await readFooter(handle)
    const group = footer?.rowGroups[rowGroup]
    if (footer === undefined || group === undefined) return []
    const levels = levelsByPath(footer.schema)
    const findings: Finding[] = []
    for (const column of group.columns) {
      const columnLevels = levels.get(column.path) ?? { maxDefinition: 0, maxRepetition: 0 }
      let at = Math.min(column.dataPageOffset, column.dictionaryPageOffset ?? Infinity)
      const end = at + column.compressedBytes
      let dictionaryValues = 0
      for (let page = 0; at < end; page++) {
        const read = await readPageHeader(handle, at, end)
        const size = num(read?.header.get(3))
        if (read === undefined || size === undefined || size < 0 || at + read.length + size > end) break
        const { header } = read
        const body = Buffer.alloc(size)
        await handle.read(body, 0, size, at + read.length)
        at += read.length + size
        const where = { rowGroup, column: column.path, page }
        const crc = num(header.get(4))
        if (crc !== undefined && crc32(body) !== crc >>> 0) {
          findings.push({
            code: 'CHECKSUM_MISMATCH',
            ...where,
            message: `Page ${page} of column ${column.path} in row group ${rowGroup} does not match its CRC: its bytes changed after they were written.`
          })
          continue
        }
        const type = num(header.get(1))
        if (type === DICTIONARY_PAGE) dictionaryValues = num(sub(header.get(7)).get(1)) ?? 0
        const encoding = type === DATA_PAGE ? num(sub(header.get(5)).get(2)) : type === DATA_PAGE_V2 ? num(sub(header.get(8)).get(4)) : undefined
        if (
          dictionaryValues > 1 &&
          encoding !== undefined &&
          DICTIONARY_ENCODINGS.has(encoding) &&
          indexBitWidth(header, body, column.codec, columnLevels) === 0
        ) {
          findings.push({
            code: 'PAGE_DECODE_FAILED',
            ...where,
            message: `Page ${page} of column ${column.path} in row group ${rowGroup} encodes its dictionary indices in 0 bits, yet the dictionary holds ${dictionaryValues} values: the page is malformed.`
          })
        }
      }
    }
    return findings
  } finally {
    await handle.close()
  }
}
