import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { PARQUET_GOOD } from '../testing'
import { decompressPage } from './page-codecs'
import { CompactReader, type ThriftStruct } from './thrift'
import { quickCheck } from './validate'

const text = (bytes: Uint8Array | undefined): string => Buffer.from(bytes!).toString('latin1')

describe('decompressPage on hand-made blocks', () => {
  it('snappy: a literal, a 1-byte-offset copy that overlaps itself, a 2-byte-offset copy, a long literal', () => {
    const long = 'L'.repeat(70)
    const block = Buffer.concat([
      Buffer.from([3 + 9 + 4 + 70]), // varint length 86
      Buffer.from([(3 - 1) << 2]),
      Buffer.from('abc'),
      Buffer.from([1 | ((9 - 4) << 2), 3]),
      Buffer.from([2 | ((4 - 1) << 2), 12, 0]),
      Buffer.from([60 << 2, 70 - 1]),
      Buffer.from(long)
    ])
    expect(text(decompressPage('SNAPPY', block, 86))).toBe(`abcabcabcabcabca${long}`)
  })

  it('snappy: a wrong declared length, a copy from before the start and a cut block all throw', () => {
    expect(() => decompressPage('SNAPPY', Buffer.from([3, 8, 0x61, 0x62, 0x63]), 4)).toThrow(/holds 3 bytes; the page header says 4/)
    expect(() => decompressPage('SNAPPY', Buffer.from([5, 1, 9]), 5)).toThrow(/outside the data/)
    expect(() => decompressPage('SNAPPY', Buffer.from([3, 8, 0x61]), 3)).toThrow(/runs past the data/)
  })

  it('lz4 raw: a sequence with an overlapping match, a long match, then the closing literals', () => {
    const block = Buffer.from([0x35, 0x61, 0x62, 0x63, 3, 0, 0x0f, 1, 0, 4, 0x10, 0x58])
    expect(text(decompressPage('LZ4_RAW', block, 3 + 9 + 23 + 1))).toBe(`abcabcabcabc${'c'.repeat(23)}X`)
    expect(() => decompressPage('LZ4_RAW', block, 40)).toThrow(/decodes to 36 bytes/)
  })

  it('gzip and brotli through zlib, uncompressed as is, codecs without a decoder here give undefined', () => {
    const data = Buffer.from('sieve '.repeat(50))
    expect(text(decompressPage('GZIP', gzipSync(data), data.length))).toBe(text(data))
    expect(text(decompressPage('BROTLI', brotliCompressSync(data), data.length))).toBe(text(data))
    expect(decompressPage('UNCOMPRESSED', data, data.length)).toBe(data)
    expect(decompressPage('LZ4', data, data.length)).toBeUndefined()
    expect(decompressPage('LZO', data, data.length)).toBeUndefined()
  })
})

describe('decompressPage on every page of the Apache parquet-testing good files', () => {
  const files = readdirSync(PARQUET_GOOD).filter((f) => f.endsWith('.parquet'))
  it.each(files)('%s: each page inflates to the size its header declares', async (file) => {
    const path = join(PARQUET_GOOD, file)
    const bytes = readFileSync(path)
    for (const group of (await quickCheck(path)).footer!.rowGroups) {
      for (const column of group.columns) {
        let at = Math.min(column.dataPageOffset, column.dictionaryPageOffset ?? Infinity)
        const end = at + column.compressedBytes
        while (at < end) {
          const reader = new CompactReader(bytes.subarray(at))
          const header = reader.struct()
          const body = bytes.subarray(at + reader.position, at + reader.position + (header.get(3) as number))
          at += reader.position + body.length
          const v2 = header.get(8) as ThriftStruct | undefined
          const levels = v2 === undefined ? 0 : (v2.get(5) as number) + (v2.get(6) as number)
          const values = v2?.get(7) === false ? undefined : decompressPage(column.codec, body.subarray(levels), (header.get(2) as number) - levels)
          if (column.codec !== 'LZ4' && v2?.get(7) !== false)
            expect(values?.length, `${column.path} at ${at}`).toBe((header.get(2) as number) - levels)
        }
      }
    }
  })
})
