import { Field, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { getOpDefinition, resolveParams } from '..'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    schema
  )

function op<T>(name: string, params: Record<string, unknown> = {}): T {
  const def = getOpDefinition(name)
  return def.create(resolveParams(def.info, params), { textKey: 'text' }) as T
}
import type { Deduplicator } from '../global'
import { KEY_COLUMN } from '../global'
import { readStrings } from '../batch'

describe('document_deduplicator', () => {
  const keys = (params: Record<string, unknown>, texts: string[]): string[] =>
    readStrings(op<Deduplicator>('document_deduplicator', params).computeKeys(batchOf(texts)), KEY_COLUMN) as string[]

  it('keys are the MD5 of the stripped text', () => {
    expect(keys({}, ['hello'])).toEqual(['5d41402abc4b2a76b9719d911017c592'])
    expect(keys({}, ['  hello\n'])).toEqual(['5d41402abc4b2a76b9719d911017c592'])
  })

  it('lowercase and ignore_non_character drop case, whitespace, digits and ASCII punctuation', () => {
    const [a, b, c] = keys({ lowercase: true, ignore_non_character: true }, ['Hello, World 42!', 'helloworld', 'héllo world'])
    expect(a).toBe(b)
    expect(c).not.toBe(a)
    const [d, e] = keys({}, ['Hello', 'hello'])
    expect(d).not.toBe(e)
  })

  it('within one batch keeps the first occurrence', () => {
    const out = op<Deduplicator>('document_deduplicator').process(batchOf(['a', 'b', 'a', 'c', 'b']))
    expect(readStrings(out.batch, 'text')).toEqual(['a', 'b', 'c'])
  })
})
