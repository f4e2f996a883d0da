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
import type { StatFilter } from '../base'
import { readStat, readStrings, STATS_COLUMN } from '../batch'

describe('text_length_filter', () => {
  it('keeps the closed interval [min_len, max_len] of code points and records text_len', () => {
    const filter = op<StatFilter>('text_length_filter', { min_len: 2, max_len: 3 })
    const texts = ['a', '👍🏽', '𝔘𝔘𝔘', 'abcd', '']
    const out = filter.process(batchOf(texts))
    expect(readStrings(out.batch, 'text')).toEqual(['👍🏽', '𝔘𝔘𝔘'])
    expect(readStat(out.batch, 'text_len')).toEqual([2, 3])
    expect(out.rejected?.reasons).toEqual(['text_len 1 < min_len 2', 'text_len 4 > max_len 3', 'text_len 0 < min_len 2'])
  })

  it('defaults to min_len 10 and no upper bound', () => {
    const filter = op<StatFilter>('text_length_filter')
    const out = filter.process(batchOf(['123456789', '1234567890', 'x'.repeat(100_000)]))
    expect(readStrings(out.batch, 'text').map((t) => t?.length)).toEqual([10, 100_000])
  })

  it('reuses a stat already present instead of recomputing it', () => {
    const first = op<StatFilter>('text_length_filter', { min_len: 0 })
    const withStats = first.computeStats(batchOf(['abc'])).batch
    const field = withStats.schema.fields.find((f) => f.name === STATS_COLUMN)
    expect(String(field?.type)).toBe('Struct<{text_len:Int64}>')
    const second = op<StatFilter>('text_length_filter', { min_len: 0 })
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
