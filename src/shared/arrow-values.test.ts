import { Field, Int64, List, Struct, Table, tableFromIPC, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowObjects } from './arrow-values'
import { rowObjects as engineRowObjects } from '../engine/ops/batch'

const BOM = '\uFEFF'

describe('rowObjects', () => {
  const table = tableFromIPC(
    tableToIPC(
      new Table({
        id: vectorFromArray([1n, 9007199254740993n, null, 4n], new Int64()),
        text: vectorFromArray([`${BOM}a`, 'b', null, `${BOM}d`], new Utf8()),
        tags: vectorFromArray([[`${BOM}x`], [], null, ['y', `${BOM}z`]], new List(new Field('item', new Utf8(), true))),
        meta: vectorFromArray([{ s: `${BOM}m` }, { s: null }, null, { s: 'n' }], new Struct([new Field('s', new Utf8(), true)]))
      }),
      'stream'
    )
  )

  it('keeps a leading U+FEFF, which Arrow’s own get() drops, in the window and in the engine alike', () => {
    expect(table.get(0)?.text).toBe('a')
    const expected = [
      { id: 1n, text: `${BOM}a`, tags: [`${BOM}x`], meta: { s: `${BOM}m` } },
      { id: 9007199254740993n, text: 'b', tags: [], meta: { s: null } },
      { id: null, text: null, tags: null, meta: null },
      { id: 4n, text: `${BOM}d`, tags: ['y', `${BOM}z`], meta: { s: 'n' } }
    ]
    expect(rowObjects(table.batches[0]!)).toEqual(expected)
    expect(engineRowObjects(table.batches[0]!)).toEqual(expected)
  })

  it('reads a slice’s own rows (Arrow cuts a slice’s offsets, not its bytes)', () => {
    const slice = table.batches[0]!.slice(3, 4)
    const expected = [{ id: 4n, text: `${BOM}d`, tags: ['y', `${BOM}z`], meta: { s: 'n' } }]
    expect(rowObjects(slice)).toEqual(expected)
    expect(engineRowObjects(slice)).toEqual(expected)
  })
})
