import { Field, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { SieveError } from '../../shared/errors'
import { rowsToBatch } from '../io/schema'
import { Schema } from 'apache-arrow'
import { getOpDefinition, listOps, resolveParams } from '.'
import type { Deduplicator, Filter, Mapper } from './base'
import { HASH_COLUMN } from './base'
import { readStat, readStrings, STATS_COLUMN } from './batch'
import { codePointLength, pythonStrip } from './text'

const schema = new Schema([new Field('text', new Utf8(), true)])
const batchOf = (texts: string[]): RecordBatch => rowsToBatch(texts.map((t) => [t]), schema)

function op<T>(name: string, params: Record<string, unknown> = {}): T {
  const def = getOpDefinition(name)
  return def.create(resolveParams(def.info, params), { textKey: 'text' }) as T
}

describe('Python text semantics', () => {
  it('counts code points like len(): emoji with modifiers are 2, astral letters 1, CJK 1 each', () => {
    expect(codePointLength('👍🏽')).toBe(2)
    expect(codePointLength('𝔘')).toBe(1)
    expect(codePointLength('漢字かな')).toBe(4)
    expect(codePointLength('')).toBe(0)
    expect(codePointLength('a\r\nb')).toBe(4)
  })

  it('strips what str.strip() strips: not U+FEFF or U+200B, but U+001C and U+0085', () => {
    expect(pythonStrip('\u0085\u001c  x \u3000\u2029')).toBe('x')
    expect(pythonStrip('\ufeffx\u200b')).toBe('\ufeffx\u200b')
  })
})

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

describe('text_length_filter', () => {
  it('keeps the closed interval [min_len, max_len] of code points and records text_len', () => {
    const filter = op<Filter>('text_length_filter', { min_len: 2, max_len: 3 })
    const texts = ['a', '👍🏽', '𝔘𝔘𝔘', 'abcd', '']
    const out = filter.process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual(['👍🏽', '𝔘𝔘𝔘'])
    expect(readStat(out.batch, 'text_len')).toEqual([2, 3])
    expect(out.rejected?.reasons).toEqual(['text_len 1 < min_len 2', 'text_len 4 > max_len 3', 'text_len 0 < min_len 2'])
  })

  it('defaults to min_len 10 and no upper bound', () => {
    const filter = op<Filter>('text_length_filter')
    const out = filter.process(batchOf(['123456789', '1234567890', 'x'.repeat(100_000)]))
    expect(readStrings(out.batch, 'text').map((t) => t?.length)).toEqual([10, 100_000])
  })

  it('reuses a stat already present instead of recomputing it', () => {
    const first = op<Filter>('text_length_filter', { min_len: 0 })
    const withStats = first.computeStats(batchOf(['abc'])).batch
    const field = withStats.schema.fields.find((f) => f.name === STATS_COLUMN)
    expect(String(field?.type)).toBe('Struct<{text_len:Int64}>')
    const second = op<Filter>('text_length_filter', { min_len: 0 })
    second.computeStats(withStats)
    expect(second.counters.textBytesIn).toBe(0)
  })

  it('refuses parameters outside their declaration', () => {
    const info = getOpDefinition('text_length_filter').info
    expect(() => resolveParams(info, { min_len: -1 })).toThrow(/at least 0/)
    expect(() => resolveParams(info, { min_len: 'ten' })).toThrow(/must be an integer/)
    expect(() => resolveParams(info, { min_length: 5 })).toThrow(/Did you mean 'min_len'/)
  })
})

describe('document_deduplicator', () => {
  const keys = (params: Record<string, unknown>, texts: string[]): string[] =>
    readStrings(op<Deduplicator>('document_deduplicator', params).computeKeys(batchOf(texts)), HASH_COLUMN) as string[]

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

describe('the registry', () => {
  it('lists each operator once with declared parameters', () => {
    const names = listOps().map((o) => o.name)
    expect(names).toEqual(expect.arrayContaining(['whitespace_normalization_mapper', 'text_length_filter', 'document_deduplicator']))
    expect(new Set(names).size).toBe(names.length)
    for (const info of listOps()) for (const p of info.params) expect(p.description.length).toBeGreaterThan(5)
  })

  it('names the closest operator for a misspelled one', () => {
    expect(() => getOpDefinition('text_lenght_filter')).toThrow(SieveError)
    expect(() => getOpDefinition('text_lenght_filter')).toThrow(/Did you mean 'text_length_filter'/)
  })
})
