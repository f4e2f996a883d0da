import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EngineWorker } from '../worker-client'
import { COSQA, PARQUET_BAD, PARQUET_GOOD, scratchDir, TEST_WORKER } from '../testing'
import { duckdbReadAll } from '../testing-duckdb'
import { makeCorpus, recipeFrom, runToEnd } from '../job/testing-jobs'
import { quickCheck, validateParquet, type FindingCode } from './validate'

const engine = new EngineWorker({ workerPath: TEST_WORKER, timeoutMs: 60_000, maxOldGenerationSizeMb: 1024 })
const scratch = scratchDir('validate')
afterAll(async () => {
  await engine.close()
  scratch.remove()
})

const good = readdirSync(PARQUET_GOOD).filter((f) => f.endsWith('.parquet'))
const bad = readdirSync(PARQUET_BAD).filter((f) => f.endsWith('.parquet'))

describe('validateParquet on the Apache parquet-testing files', () => {
  it.each(good)('good/%s is valid at full level, and DuckDB reads all of it', async (file) => {
    const report = await validateParquet(join(PARQUET_GOOD, file), 'full', engine)
    expect(report.findings).toEqual([])
    expect(report.valid).toBe(true)
    const codecs = (await quickCheck(join(PARQUET_GOOD, file))).footer!.rowGroups.flatMap((rg) => rg.columns.map((c) => c.codec))
    if (codecs.includes('LZ4')) {
      // DuckDB does not read the deprecated Hadoop LZ4 codec at all; it says so rather than misreading.
      await expect(duckdbReadAll(join(PARQUET_GOOD, file))).rejects.toThrow(/Unsupported compression codec "LZ4"/)
    } else await duckdbReadAll(join(PARQUET_GOOD, file))
  })

  const expected: Record<string, FindingCode> = {
    'ARROW-GH-41321.parquet': 'PAGE_DECODE_FAILED',
    'ARROW-GH-45185.parquet': 'PAGE_DECODE_FAILED',
    'ARROW-RS-GH-6229-DICTHEADER.parquet': 'FOOTER_CORRUPT',
    'PARQUET-1481.parquet': 'SCHEMA_INVALID'
  }
  it.each(bad)('bad/%s is invalid with a specific finding, and the process survives', async (file) => {
    const report = await validateParquet(join(PARQUET_BAD, file), 'full', engine)
    expect(report.valid).toBe(false)
    expect(report.findings[0]!.code).toBe(expected[file])
    expect(report.findings[0]!.message.length).toBeGreaterThan(20)
  })
})

describe('damaged copies of good files: every one flagged, none crashes', () => {
  const sources = [COSQA, join(PARQUET_GOOD, 'alltypes_plain.snappy.parquet'), join(PARQUET_GOOD, 'nested_maps.snappy.parquet')]

  it.each(sources)('cut at many offsets: %s', async (source) => {
    const bytes = readFileSync(source)
    const footer = bytes.readUInt32LE(bytes.length - 8)
    const cuts = [
      0,
      1,
      3,
      4,
      5,
      11,
      12,
      Math.floor(bytes.length / 4),
      Math.floor(bytes.length / 2),
      bytes.length - 8 - footer - 1,
      bytes.length - 8 - Math.floor(footer / 2),
      bytes.length - 8,
      bytes.length - 5,
      bytes.length - 1
    ]
    for (const cut of cuts) {
      const path = join(scratch.path, `cut-${cut}.parquet`)
      writeFileSync(path, bytes.subarray(0, cut))
      const report = await validateParquet(path, 'full', engine)
      expect(report.valid, `cut at ${cut}`).toBe(false)
      expect(['EMPTY_FILE', 'TRUNCATED', 'MISSING_MAGIC', 'FOOTER_CORRUPT'], `cut at ${cut}: ${report.findings[0]?.code}`).toContain(
        report.findings[0]!.code
      )
    }
  })

  it.each(sources)('bytes flipped in the footer and in page headers: %s', async (source) => {
    const bytes = readFileSync(source)
    const footerLength = bytes.readUInt32LE(bytes.length - 8)
    const footerStart = bytes.length - 8 - footerLength
    const quick = await quickCheck(source)
    const pageHeaders = quick.footer!.rowGroups.flatMap((rg) => rg.columns.map((c) => Math.min(c.dataPageOffset, c.dictionaryPageOffset ?? Infinity)))
    const footerPositions = [footerStart, footerStart + 1, footerStart + Math.floor(footerLength / 3), bytes.length - 9, bytes.length - 7]
    const headerPositions = [...pageHeaders.slice(0, 6), ...pageHeaders.slice(0, 6).map((p) => p + 1)]
    const findings: string[] = []
    for (const at of [...footerPositions, ...headerPositions]) {
      const damaged = Buffer.from(bytes)
      damaged[at] = damaged[at]! ^ 0xff
      const path = join(scratch.path, `flip-${at}.parquet`)
      writeFileSync(path, damaged)
      const report = await validateParquet(path, 'full', engine)
      findings.push(`${at} ${report.valid ? 'valid' : report.findings[0]!.code}`)
      // The damage is real: DuckDB, reading independently, refuses every one of these copies too.
      await expect(duckdbReadAll(path), `byte ${at}`).rejects.toThrow()
    }
    expect(findings).toEqual([...footerPositions.map((at) => `${at} FOOTER_CORRUPT`), ...headerPositions.map((at) => `${at} PAGE_DECODE_FAILED`)])
  })
})

describe("Sieve's own output", () => {
  let result = ''
  beforeAll(async () => {
    const corpus = makeCorpus(join(scratch.path, 'corpus.jsonl'), 1500)
    const recipe = recipeFrom(
      `dataset_path: ${corpus}\nexport_path: ${join(scratch.path, 'own', 'out.parquet')}\nwork_dir: ${join(scratch.path, 'own', 'work')}\npartition_size: 500\nprocess:\n  - text_length_filter: {min_len: 20}\n`,
      scratch.path
    )
    await runToEnd(recipe)
    result = join(recipe.work_dir, 'results', 'partition_000001_processed.parquet')
  })

  it('validates at all three levels', async () => {
    for (const level of ['quick', 'full', 'manifest'] as const) {
      const report = await validateParquet(result, level, engine)
      expect(report, level).toMatchObject({ valid: true, findings: [] })
    }
    expect((await validateParquet(result, 'manifest', engine)).inManifest).toBe(true)
  })

  it('a result edited after publishing fails the manifest level with CHECKSUM_MISMATCH, even where decoding cannot tell', async () => {
    const bytes = readFileSync(result)
    const copy = join(scratch.path, 'pristine.parquet')
    copyFileSync(result, copy)
    const quick = await quickCheck(result)
    const column = quick.footer!.rowGroups[0]!.columns.find((c) => c.path === 'text')!
    const start = Math.min(column.dataPageOffset, column.dictionaryPageOffset ?? Infinity)
    const inValues = start + Math.floor(column.compressedBytes / 2)
    bytes[inValues] = bytes[inValues]! ^ 0x01
    writeFileSync(result, bytes)
    const report = await validateParquet(result, 'manifest', engine)
    expect(report.findings.map((f) => f.code)).toContain('CHECKSUM_MISMATCH')
    copyFileSync(copy, result)
  })
})
