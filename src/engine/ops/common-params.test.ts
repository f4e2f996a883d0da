import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../io/schema'
import { readStrings } from './batch'
import { getOpDefinition, resolveParams } from '.'
import { opContext } from './common-params'
import { largestBatch } from './testing-throw-op'
import { Field, Schema, Utf8, Int64 } from 'apache-arrow'

const schema = new Schema([new Field('id', new Int64(), true), new Field('text', new Utf8(), true), new Field('title', new Utf8(), true)])
const rows = ['a', 'b BOOM', 'c', 'd', 'BOOM e', 'f', 'g'].map((text, i) => ({ id: i, text, title: `t${i}` }))
const batchOf = (list: typeof rows): ReturnType<typeof rowsToBatch> =>
  rowsToBatch(
    list.map((r) => [BigInt(r.id), r.text, r.title]),
    schema
  )

function op(name: string, params: Record<string, unknown>, skipOpError = true): ReturnType<ReturnType<typeof getOpDefinition>['create']> {
  const def = getOpDefinition(name)
  const resolved = resolveParams(def.info, params)
  return def.create(resolved, opContext(resolved, { textKey: 'text', skipOpError }))
}

describe("every operator's common arguments", () => {
  it('skip_op_error: the rows an operator throws on become errors with the reason; the others go on in order', () => {
    const out = op('testing_throw_mapper', {}).process(batchOf(rows))
    expect(readStrings(out.batch, 'text')).toEqual(['A', 'C', 'D', 'F', 'G'])
    expect(readStrings(out.errors!.batch, 'text')).toEqual(['b BOOM', 'BOOM e'])
    expect(out.errors!.reasons).toEqual([
      "testing_throw_mapper failed on this row: cannot take 'BOOM'",
      "testing_throw_mapper failed on this row: cannot take 'BOOM'"
    ])
  })

  it("without skip_op_error (the recipe's or its own) the error fails the batch", () => {
    expect(() => op('testing_throw_mapper', {}, false).process(batchOf(rows))).toThrow(/cannot take 'BOOM'/)
    expect(() => op('testing_throw_mapper', { skip_op_error: false }, true).process(batchOf(rows))).toThrow(/cannot take 'BOOM'/)
  })

  it('a filter that fails on a row keeps the others, and says which input rows it kept', () => {
    const out = op('text_length_filter', { min_len: 1, text_key: 'title' }).process(batchOf(rows))
    expect(out.kept).toEqual(new Uint8Array(7).fill(1))
    const bad = batchOf([{ id: 1, text: 'x', title: 't' }])
    // A field that is not there is the recipe's mistake, not the row's: never skipped.
    expect(() => op('text_length_filter', { text_key: 'body' }).process(bad)).toThrow(
      "text_length_filter: the dataset has no text field 'body' (its fields: id, text, title). It is text_length_filter's own text_key: set that text_key to the field that holds the text, or remove it to use the recipe's text_keys."
    )
  })

  it('batch_size: the operator takes at most that many rows at once, and its output is the same', () => {
    const whole = op('testing_throw_mapper', { marker: 'never' }).process(batchOf(rows))
    const before = largestBatch()
    expect(before).toBe(7)
    const sliced = op('testing_throw_mapper', { marker: 'never', batch_size: 2 }).process(batchOf(rows))
    expect(readStrings(sliced.batch, 'text')).toEqual(readStrings(whole.batch, 'text'))
    expect(sliced.batch.getChild('id')!.toArray()).toEqual(whole.batch.getChild('id')!.toArray())
    const filtered = op('text_length_filter', { min_len: 2, batch_size: 3 }).process(batchOf(rows))
    expect(filtered.kept).toEqual(new Uint8Array([0, 1, 0, 0, 1, 0, 0]))
    expect(readStrings(filtered.rejected!.batch, 'text')).toEqual(['a', 'c', 'd', 'f', 'g'])
  })

  it('text_key: the operator reads and writes its own field', () => {
    const out = op('testing_throw_mapper', { text_key: 'title' }).process(batchOf(rows))
    expect(readStrings(out.batch, 'title')).toEqual(rows.map((r) => r.title.toUpperCase()))
    expect(readStrings(out.batch, 'text')).toEqual(rows.map((r) => r.text))
  })
})
