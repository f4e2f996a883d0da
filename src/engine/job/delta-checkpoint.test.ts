import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Field, Int64, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { readBatches } from '../io/read-file'
import { rowsToBatch } from '../io/schema'
import { encodeParquet, jsonValue } from '../io/write'
import { getOpDefinition, resolveParams } from '../ops'
import { applyDelta, deltaBatches, textDeltaBatches } from './delta-checkpoint'

const scratch = scratchDir('delta')
afterAll(() => scratch.remove())

const schema = new Schema([new Field('id', new Int64(), false), new Field('text', new Utf8(), true)])
const rowsOf = (batches: RecordBatch[]): unknown[] =>
  batches.flatMap((b) => Array.from({ length: b.numRows }, (_, r) => b.schema.fields.map((_, c) => jsonValue(b.getChildAt(c)!.get(r)))))

/** Runs a filter over the batches, as a partition does, and round-trips its delta through a Parquet file. */
async function throughDelta(
  base: RecordBatch[],
  params: Record<string, unknown>,
  name: string
): Promise<{ outputs: RecordBatch[]; rebuilt: RecordBatch[] }> {
  const definition = getOpDefinition('text_length_filter')
  const filter = definition.create(resolveParams(definition.info, params), { textKey: 'text' })
  const results = base.map((b) => filter.process(b, false))
  const outputs = results.map((r) => r.batch)
  const delta = deltaBatches(
    results.map((r) => r.kept!),
    outputs,
    '__dj__stats__'
  )
  const path = join(scratch.path, `${name}.parquet`)
  writeFileSync(path, encodeParquet(delta.batches, delta.schema, 'snappy', { internal: true }))
  const rows = outputs.reduce((n, b) => n + b.numRows, 0)
  const [read] = await readBatches(path, 'parquet', undefined, undefined, Math.max(1, rows))
  return { outputs, rebuilt: applyDelta(base, read ?? rowsToBatch([], delta.schema)) }
}

describe('delta checkpoints', () => {
  const base = [0, 1, 2].map((b) =>
    rowsToBatch(
      Array.from({ length: 700 }, (_, i) => [BigInt(b * 700 + i), i % 11 === 0 ? null : 'x'.repeat((i * 37 + b) % 400)]),
      schema
    )
  )

  it('rebuilds exactly what the filter gave — rows, order and stats — across batches, one of them emptied', async () => {
    const emptied = [
      ...base.slice(0, 2),
      rowsToBatch(
        Array.from({ length: 50 }, (_, i) => [BigInt(5000 + i), 'short']),
        schema
      )
    ]
    const { outputs, rebuilt } = await throughDelta(emptied, { min_len: 100, max_len: 300 }, 'mixed')
    expect(outputs[2]!.numRows).toBe(0)
    expect(rebuilt.map((b) => b.numRows)).toEqual(outputs.map((b) => b.numRows))
    expect(rowsOf(rebuilt)).toEqual(rowsOf(outputs))
    expect(rebuilt[0]!.schema.fields.map((f) => f.name)).toEqual(outputs[0]!.schema.fields.map((f) => f.name))
  })

  it('holds a filter that kept nothing', async () => {
    const { outputs, rebuilt } = await throughDelta(base, { min_len: 100_000 }, 'none')
    expect(rowsOf(rebuilt)).toEqual([])
    expect(rebuilt.map((b) => b.numRows)).toEqual(outputs.map((b) => b.numRows))
  })
})

/** Runs a mapper over the batches and, if its checkpoint is a text delta, round-trips it through a Parquet file. */
async function throughTextDelta(
  base: RecordBatch[],
  name: string,
  params: Record<string, unknown> = {}
): Promise<{ outputs: RecordBatch[]; deltaRows?: number; rebuilt?: RecordBatch[] }> {
  const definition = getOpDefinition(name)
  const mapper = definition.create(resolveParams(definition.info, params), { textKey: 'text' })
  const outputs = base.map((b) => mapper.process(b, false).batch)
  const delta = textDeltaBatches(base, outputs, 'text')
  if (delta === undefined) return { outputs }
  const path = join(scratch.path, `${name}-text.parquet`)
  writeFileSync(path, encodeParquet(delta.batches, delta.schema, 'snappy', { internal: true }))
  const deltaRows = delta.batches.reduce((n, b) => n + b.numRows, 0)
  const [read] = await readBatches(path, 'parquet', undefined, undefined, Math.max(1, deltaRows))
  return { outputs, deltaRows, rebuilt: applyDelta(base, read ?? rowsToBatch([], delta.schema)) }
}

describe("a mapper's text delta", () => {
  // A few rows with spaces to trim or odd whitespace, many without; nulls; text in several scripts.
  const texts = (b: number): (string | null)[] =>
    Array.from({ length: 600 }, (_, i) => {
      if (i % 13 === 0) return null
      const body = `row ${b}-${i} naïve 数据 ${'é'.repeat(i % 7)} ${'x'.repeat((i * 31) % 300)}`
      return i % 9 === 0 ? `  ${body}\u00a0end\t` : body
    })
  const base = [0, 1, 2].map((b) =>
    rowsToBatch(
      texts(b).map((t, i) => [BigInt(b * 600 + i), t]),
      schema
    )
  )

  it('holds only the rows the mapper rewrote, and rebuilds every row exactly, across batches', async () => {
    const { outputs, deltaRows, rebuilt } = await throughTextDelta(base, 'whitespace_normalization_mapper')
    const changed = outputs
      .flatMap((o, b) => Array.from({ length: o.numRows }, (_, r) => o.getChild('text')!.get(r) !== base[b]!.getChild('text')!.get(r)))
      .filter(Boolean).length
    expect(changed).toBeGreaterThan(0)
    expect(deltaRows).toBe(changed)
    expect(deltaRows).toBeLessThan(base.reduce((n, b) => n + b.numRows, 0) / 2)
    expect(rebuilt!.map((b) => b.numRows)).toEqual(outputs.map((b) => b.numRows))
    expect(rowsOf(rebuilt!)).toEqual(rowsOf(outputs))
  })

  it('is not used when the mapper rewrote most of the text, or changed the number of rows', async () => {
    expect((await throughTextDelta(base, 'replace_content_mapper', { pattern: 'x', repl: 'y' })).rebuilt).toBeUndefined()
    expect((await throughTextDelta(base, 'text_chunk_mapper', { max_len: 50 })).rebuilt).toBeUndefined()
  })

  it('rebuilds a batch the mapper left untouched as it was', async () => {
    const clean = [
      rowsToBatch(
        [
          [1n, 'clean text'],
          [2n, 'more clean text']
        ],
        schema
      )
    ]
    const { deltaRows, rebuilt } = await throughTextDelta(clean, 'whitespace_normalization_mapper')
    expect(deltaRows).toBe(0)
    expect(rowsOf(rebuilt!)).toEqual(rowsOf(clean))
  })
})
