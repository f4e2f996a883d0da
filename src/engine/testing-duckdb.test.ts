import { copyFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readBatches } from './io/read-file'
import { encodeParquet } from './io/write'
import { corruptDataPages, duckdbCodecs, duckdbReadAll, duckdbRowCount } from './testing-duckdb'
import { COSQA, scratchDir } from './testing'
import type { ParquetCodec } from '../shared/recipe'

const scratch = scratchDir('duckdb-helper')
afterAll(() => scratch.remove())

const CODECS: ParquetCodec[] = ['snappy', 'gzip', 'brotli', 'lz4', 'none', 'zstd']

/** COSQA written again by Sieve's Parquet writer with `codec` (`internal`: as a checkpoint, no dictionaries or statistics). */
async function rewriteCosqa(codec: ParquetCodec, internal: boolean): Promise<string> {
  const batches = await readBatches(COSQA, 'parquet')
  const path = join(scratch.path, `${codec}-${internal ? 'internal' : 'export'}.parquet`)
  writeFileSync(path, encodeParquet(batches, batches[0]!.schema, codec, { internal }))
  return path
}

describe('the DuckDB test reader', () => {
  it.each(
    CODECS.flatMap(
      (codec) =>
        [
          [codec, false],
          [codec, true]
        ] as const
    )
  )(
    'duckdbReadAll hashes every value, and fails on 64 damaged bytes in every data page (%s, internal %s) where count(*) does not',
    async (codec, internal) => {
      const path = await rewriteCosqa(codec, internal)
      const rows = await duckdbRowCount(COSQA)
      const intact = await duckdbReadAll(path)
      expect(intact.rows).toBe(rows)
      expect(Object.keys(intact.hashes)).toEqual(['_id', 'partition', 'text', 'title', 'language', 'meta_information'])
      // The same values rewritten hash the same: the hashes compare content, not files.
      expect(intact.hashes).toEqual((await duckdbReadAll(COSQA)).hashes)
      const damaged = join(scratch.path, `damaged-${codec}-${internal}.parquet`)
      copyFileSync(path, damaged)
      expect(await corruptDataPages(damaged)).toBeGreaterThan(0)
      expect(await duckdbRowCount(damaged)).toBe(rows)
      await expect(duckdbReadAll(damaged)).rejects.toThrow()
    }
  )

  it.each(CODECS)('duckdbCodecs names the codec of every column chunk (%s)', async (codec) => {
    const codecs = await duckdbCodecs(await rewriteCosqa(codec, false))
    expect(codecs.length).toBeGreaterThan(0)
    expect(new Set(codecs)).toEqual(
      new Set([{ snappy: 'SNAPPY', gzip: 'GZIP', brotli: 'BROTLI', lz4: 'LZ4_RAW', none: 'UNCOMPRESSED', zstd: 'ZSTD' }[codec]])
    )
  })
})
