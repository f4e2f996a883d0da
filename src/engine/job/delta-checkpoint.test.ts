import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Field, Int64, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { readBatches } from '../io/read-file'
import { rowsToBatch } from '../io/schema'
import { encodeParquet, jsonValue } from '../io/write'
import { getOpDefinition, resolveParams } from '../ops'
import { applyDelta, deltaBatches } from './delta-checkpoint'

const scratch = scratchDir('delta')
afterAll(() => scratch.remove())

const schema = new Schema([new Field('id', new Int64(), false), new Field('text', new Utf8(), true)])
const rowsOf = (batches: RecordBatch[]): unknown[] =>
  batches.flatMap((b) => Array.from({ length: b.numRows }, (_, r) => b.schema.fields.map((_, c) => jsonValue(b.getChildAt(c)!.get(r)))))

/** Runs a filter over the batches, as a partition does, and round-trips its delta through a Parquet file. */
async function throughDelta(base: RecordBatch[], params: Record<string, unknown>, name: string): Promise<{ outputs: RecordBatch[]; rebuilt: RecordBatch[] }> {
  const definition = getOpDefinition('text_length_filter')
  const filter = definition.create(resolveParams(definition.info, params), { textKey: 'text' })
  const results = base.map((b) => filter.process(b, false))
  const outputs = results.map((r) => r.batch)
  const delta = deltaBatches(results.map((r) => r.kept!), outputs, '__dj__stats__')
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
    const emptied = [...base.slice(0, 2), rowsToBatch(Array.from({ length: 50 }, (_, i) => [BigInt(5000 + i), 'short']), schema)]
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
