import { Field, Int64, Schema, Struct, Utf8 } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../io/schema'
import { codePointLength } from '../ops/text'
import { hash53 } from './hyperloglog'
import { PartitionAnalysis, PARTIAL_MAGIC, type PartialHeader } from './partial'

const TEXTS = ['', 'a', 'plain ascii text', 'naïve café', '素早い茶色の狐', 'emoji 😀 pair 👍🏽 end', 'lone \ud800 high', 'lone \udc00 low', '\ud83d']

function header(analysis: PartitionAnalysis): PartialHeader {
  const bytes = analysis.encode()
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  expect(view.getUint32(0, true)).toBe(PARTIAL_MAGIC)
  return JSON.parse(Buffer.from(bytes.subarray(8, 8 + view.getUint32(4, true))).toString('utf8')) as PartialHeader
}

describe("a partition's column profile", () => {
  it('hashes a tagged text as the joined string, without joining it', () => {
    for (const text of [...TEXTS, 'x'.repeat(100_000)]) {
      expect(hash53(text, 0x73)).toBe(hash53(`s${text}`))
      expect(hash53(text, 0x6a)).toBe(hash53(`j${text}`))
    }
  })

  it('counts code points as Python does, surrogate pairs once and lone surrogates each', () => {
    for (const text of TEXTS) expect(codePointLength(text), JSON.stringify(text)).toBe([...text].length)
  })

  it('keys each value by its string, or its JSON with 64-bit integers quoted, so that "1" and 1 stay distinct', () => {
    const schema = new Schema([
      new Field('text', new Utf8(), true),
      new Field('id', new Int64(), true),
      new Field('meta', new Struct([new Field('source', new Utf8(), true), new Field('ts', new Int64(), true)]), true)
    ])
    const rows = [
      ['1', 1n, { source: 'forum', ts: 1700000000n }],
      ['1', -5n, { source: null, ts: 2n }],
      ['emoji 😀', 1n, null],
      [null, null, { source: 'quote "this"', ts: null }]
    ]
    const analysis = new PartitionAnalysis()
    analysis.add(rowsToBatch(rows, schema))
    const columns = header(analysis).columns
    const json = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))
    const expected = (c: number): number[] => [
      ...new Set(rows.flatMap((r) => (r[c] === null ? [] : [typeof r[c] === 'string' ? hash53(`s${r[c]}`) : hash53(`j${json(r[c])}`)])))
    ]
    columns.forEach((column, c) => expect(column.distinct, column.name).toEqual({ exact: expected(c) }))
    expect(columns.map((c) => c.nulls)).toEqual([1, 1, 1])
    expect(columns[0]!.length).toMatchObject({ count: 3, missing: 1, min: 1, max: 7 })
    expect(columns[1]!.values).toMatchObject({ count: 3, missing: 1, min: -5, max: 1 })
  })
})
