import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Field, Float64, Int64, List, Struct, Table, Utf8, vectorFromArray } from 'apache-arrow'
import { afterAll, describe, expect, it } from 'vitest'
import { rowObjects } from '../ops/batch'
import { scratchDir } from '../testing'
import { readBatches } from './read-file'
import { encodeJsonl } from './write'

const scratch = scratchDir('jsonl-roundtrip')
afterAll(() => scratch.remove())

describe('a JSONL checkpoint read back', () => {
  it('gives every value it was written with: BOM-led strings, 64-bit integers, NaN and ±Infinity, lists and structs', async () => {
    const table = new Table({
      text: vectorFromArray(['\uFEFFa', 'b', null, '\uFEFF'], new Utf8()),
      id: vectorFromArray([9007199254740993n, -9223372036854775808n, 1n, null], new Int64()),
      score: vectorFromArray([NaN, Infinity, -Infinity, 0.1], new Float64()),
      tags: vectorFromArray([['\uFEFFx'], [], null, ['y']], new List(new Field('item', new Utf8(), true))),
      meta: vectorFromArray([{ n: 12345678901234567n }, { n: null }, null, { n: 2n }], new Struct([new Field('n', new Int64(), true)]))
    })
    const path = join(scratch.path, 'op_000_x.jsonl')
    writeFileSync(path, encodeJsonl(table.batches, false))
    const back = await readBatches(path, 'jsonl', table.schema)
    expect(back.flatMap((b) => rowObjects(b))).toEqual(table.batches.flatMap((b) => rowObjects(b)))
  })
})
