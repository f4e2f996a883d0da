import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { COSQA, PARQUET_GOOD, scratchDir, TEST_WORKER } from '../testing'
import { duckdbColumn, duckdbReadAll, duckdbRowCount } from '../testing-duckdb'
import { rowsToBatch } from '../io/schema'
import { encodeParquet } from '../io/write'
import { EngineWorker } from '../worker-client'
import { CompactReader, type WireTypes } from './thrift'
import { CompactWriter } from './thrift-write'
import { readLayout, writeMerged } from './merge'
import { validateParquet } from './validate'
import { Field, Float64, Int64, Schema, Struct, Utf8 } from 'apache-arrow'

const scratch = scratchDir('merge')
const engine = new EngineWorker({ workerPath: TEST_WORKER, timeoutMs: 60_000, maxOldGenerationSizeMb: 1024 })
afterAll(async () => {
  await engine.close()
  scratch.remove()
})

const newTypes = (): WireTypes => ({ fields: new WeakMap(), elements: new WeakMap() })

async function merge(inputs: string[], out: string): Promise<number> {
  const types = newTypes()
  const layouts = await Promise.all(inputs.map((p) => readLayout(p, types)))
  const groups = layouts.flatMap((l, layout) => l.rowGroups.map((_, group) => ({ layout, group })))
  const chunks: Uint8Array[] = []
  const rows = await writeMerged(layouts, groups, { write: async (c) => void chunks.push(c.slice()) }, types)
  writeFileSync(out, Buffer.concat(chunks))
  return rows
}

function footerOf(path: string): Uint8Array {
  const bytes = readFileSync(path)
  const length = bytes.readUInt32LE(bytes.length - 8)
  return new Uint8Array(bytes.subarray(bytes.length - 8 - length, bytes.length - 8))
}

describe('Thrift compact writer', () => {
  it.each(readdirSync(PARQUET_GOOD).filter((f) => f.endsWith('.parquet')))('writes back the footer of good/%s byte for byte', (file) => {
    const footer = footerOf(join(PARQUET_GOOD, file))
    const reader = new CompactReader(footer)
    const metadata = reader.struct()
    const writer = new CompactWriter(reader.types)
    writer.struct(metadata)
    expect(Buffer.from(writer.bytes()).equals(Buffer.from(footer))).toBe(true)
  })
})

describe('merging Parquet files by copying row groups', () => {
  const schema = new Schema([
    new Field('id', new Int64(), false),
    new Field('text', new Utf8(), true),
    new Field('score', new Float64(), true),
    new Field('__dj__stats__', new Struct([new Field('text_len', new Int64(), true)]), true)
  ])
  const part = (from: number, count: number): string => {
    const rows = Array.from({ length: count }, (_, i) => [
      BigInt(from + i),
      i % 7 === 0 ? null : `row ${from + i} ${'x'.repeat(i % 50)}`,
      i % 5 === 0 ? null : (from + i) / 3,
      { text_len: BigInt(i % 50) }
    ])
    const path = join(scratch.path, `part-${from}.parquet`)
    writeFileSync(path, encodeParquet([rowsToBatch(rows, schema)], schema, 'zstd'))
    return path
  }

  it('gives one file DuckDB reads whole, with every row in order, valid at full level, its footer rewritten', async () => {
    const inputs = [part(0, 1000), part(1000, 1), part(1001, 2500)]
    const out = join(scratch.path, 'merged.parquet')
    expect(await merge(inputs, out)).toBe(3501)
    expect(await duckdbRowCount(out)).toBe(3501)
    expect(await duckdbColumn(out, 'id')).toEqual(Array.from({ length: 3501 }, (_, i) => BigInt(i)))
    const expected: unknown[] = []
    for (const p of inputs) expected.push(...(await duckdbColumn(p, 'text')))
    expect(await duckdbColumn(out, 'text')).toEqual(expected)
    await duckdbReadAll(out)
    const report = await validateParquet(out, 'full', engine)
    expect(report.findings).toEqual([])
    const layout = await readLayout(out, newTypes())
    expect(layout.rowGroups.map((g) => g.rows)).toEqual([1000, 1, 2500])
  })

  it('merges a file pyarrow wrote (statistics, page indexes) with itself', async () => {
    const out = join(scratch.path, 'cosqa-twice.parquet')
    const rows = await merge([COSQA, COSQA], out)
    expect(await duckdbRowCount(out)).toBe(rows)
    expect(rows).toBe(2 * (await duckdbRowCount(COSQA)))
    await duckdbReadAll(out)
    expect((await validateParquet(out, 'full', engine)).valid).toBe(true)
  })

  it('tells files of different shapes apart, so they are not merged', async () => {
    const types = newTypes()
    const a = await readLayout(part(0, 10), types)
    const other = new Schema([new Field('id', new Int64(), false)])
    const path = join(scratch.path, 'other.parquet')
    writeFileSync(path, encodeParquet([rowsToBatch([[1n]], other)], other, 'zstd'))
    const b = await readLayout(path, types)
    expect(a.shapeKey).not.toBe(b.shapeKey)
    expect((await readLayout(part(0, 20), types)).shapeKey).toBe(a.shapeKey)
  })
})
