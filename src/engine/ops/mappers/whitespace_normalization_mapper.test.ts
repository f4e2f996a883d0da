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
import type { Mapper } from '../base'
import { readStrings } from '../batch'

describe('whitespace_normalization_mapper', () => {
  const mapper = op<Mapper>('whitespace_normalization_mapper')
  const run = (t: string): string => readStrings(mapper.process(batchOf([t])).batch, 'text')[0]!

  it('trims and turns every VARIOUS_WHITESPACES character into a plain space, keeping line breaks', () => {
    // The 23 characters of Data-Juicer's set between x and y, as its own test does.
    const all = ' \t\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u00a0\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufffc\u0084'
    expect(run(`x${all}y`)).toBe(`x${' '.repeat(23)}y`)
    expect(run('  a\nb\r\nc\u2028d  ')).toBe('a\nb\r\nc\u2028d')
    expect(run('a\u1680b')).toBe('a\u1680b')
  })

  it('leaves empty and whitespace-only text empty, and counts rows and time', () => {
    expect(run('')).toBe('')
    expect(run(' \u3000\t ')).toBe('')
    expect(mapper.counters.rowsIn).toBeGreaterThan(0)
    expect(mapper.counters.rowsOut).toBe(mapper.counters.rowsIn)
  })
})
