import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EngineWorker } from '../worker-client'
import { PARQUET_GOOD, scratchDir, TEST_WORKER } from '../testing'
import { CompactReader } from './thrift'
import { quickCheck, validateParquet } from './validate'

const engine = new EngineWorker({ workerPath: TEST_WORKER, timeoutMs: 60_000, maxOldGenerationSizeMb: 1024 })
const scratch = scratchDir('page-check')
afterAll(async () => {
  await engine.close()
  scratch.remove()
})

/** Where the body of the page at `at` starts (past its Thrift header), and the decoded header. */
function pageAt(bytes: Uint8Array, at: number): { bodyStart: number; header: Map<number, unknown> } {
  const reader = new CompactReader(bytes.subarray(at))
  const header = reader.struct()
  return { bodyStart: at + reader.position, header }
}

async function columnChunk(path: string, column: string): Promise<{ dictionaryPageOffset?: number; dataPageOffset: number }> {
  return (await quickCheck(path)).footer!.rowGroups[0]!.columns.find((c) => c.path === column)!
}

describe('validate --deep: page CRCs', () => {
  const source = join(PARQUET_GOOD, 'rle-dict-snappy-checksum.parquet')

  it('a page whose CRC matches is valid; the same page with one byte changed is CHECKSUM_MISMATCH at its row group, column and page', async () => {
    expect((await validateParquet(source, 'full', engine)).findings).toEqual([])
    const bytes = readFileSync(source)
    const chunk = await columnChunk(source, 'long_field')
    const dictionary = pageAt(bytes, chunk.dictionaryPageOffset!)
    expect(dictionary.header.get(4), 'the dictionary page carries a CRC').toEqual(expect.any(Number))
    // The dictionary is one plain INT64 in a snappy literal (past its length and tag): a changed byte still decodes, to another number.
    bytes[dictionary.bodyStart + 2] = bytes[dictionary.bodyStart + 2]! ^ 0x04
    const damaged = join(scratch.path, 'crc-damaged.parquet')
    writeFileSync(damaged, bytes)
    const report = await validateParquet(damaged, 'full', engine)
    expect(report.valid).toBe(false)
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'CHECKSUM_MISMATCH',
        rowGroup: 0,
        column: 'long_field',
        page: 0,
        message: expect.stringMatching(/Page 0 of column long_field in row group 0/)
      })
    ])
  })

  it('quick level reads no pages, so it does not see a bad CRC', async () => {
    const bytes = readFileSync(source)
    const chunk = await columnChunk(source, 'binary_field')
    const dictionary = pageAt(bytes, chunk.dictionaryPageOffset!)
    bytes[dictionary.bodyStart + 5] = bytes[dictionary.bodyStart + 5]! ^ 0x01
    const damaged = join(scratch.path, 'crc-quick.parquet')
    writeFileSync(damaged, bytes)
    expect((await validateParquet(damaged, 'quick', engine)).valid).toBe(true)
    expect((await validateParquet(damaged, 'full', engine)).findings.map((f) => [f.code, f.column, f.page])).toContainEqual([
      'CHECKSUM_MISMATCH',
      'binary_field',
      0
    ])
  })
})

describe('validate --deep: dictionary indices of 0 bits', () => {
  it('a data page whose index bit width is 0 over a 2-value dictionary is flagged at its page', async () => {
    const source = join(PARQUET_GOOD, 'alltypes_dictionary.parquet')
    const bytes = readFileSync(source)
    const chunk = await columnChunk(source, 'id')
    expect(pageAt(bytes, chunk.dictionaryPageOffset!).header.get(7)).toEqual(
      new Map([
        [1, 2],
        [2, 2]
      ])
    )
    const data = pageAt(bytes, chunk.dataPageOffset)
    // v1 page of an OPTIONAL column, uncompressed: 4-byte length of the RLE definition levels, the levels, then the bit width.
    const bitWidthAt = data.bodyStart + 4 + Buffer.from(bytes).readUInt32LE(data.bodyStart)
    expect(bytes[bitWidthAt]).toBe(1)
    bytes[bitWidthAt] = 0
    const crafted = join(scratch.path, 'bit-width-0.parquet')
    writeFileSync(crafted, bytes)
    const report = await validateParquet(crafted, 'full', engine)
    expect(report.valid).toBe(false)
    expect(report.findings).toEqual([
      expect.objectContaining({
        code: 'PAGE_DECODE_FAILED',
        rowGroup: 0,
        column: 'id',
        page: 1,
        message: expect.stringMatching(/0 bits, yet the dictionary holds 2 values/)
      })
    ])
  })

  it('0-bit indices over a 1-value dictionary are how writers encode a constant column: valid', async () => {
    const source = join(PARQUET_GOOD, 'rle-dict-snappy-checksum.parquet')
    const bytes = readFileSync(source)
    const chunk = await columnChunk(source, 'long_field')
    expect(pageAt(bytes, chunk.dictionaryPageOffset!).header.get(7)).toEqual(
      new Map([
        [1, 1],
        [2, 0]
      ])
    )
    expect((await validateParquet(source, 'full', engine)).valid).toBe(true)
  })
})
