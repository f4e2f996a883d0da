import { describe, expect, it } from 'vitest'
import { Field, Schema, Utf8 } from 'apache-arrow'
import { SieveError } from '../../shared/errors'
import { thresholdConflict } from '../../shared/ops'
import { rowsToBatch } from '../io/schema'
import { getOpDefinition, listOps, resolveParams } from '.'
import { codePointLength, pythonStrip } from './text'

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

describe('the registry', () => {
  it('lists each operator once with declared parameters', () => {
    const names = listOps().map((o) => o.name)
    expect(names).toEqual(expect.arrayContaining(['whitespace_normalization_mapper', 'text_length_filter', 'document_deduplicator']))
    expect(new Set(names).size).toBe(names.length)
    for (const info of listOps()) for (const p of info.params) expect(p.description.length).toBeGreaterThan(5)
  })

  it('declares each filter with a stat its thresholds (min_/max_ parameters) bound, and no other kind with thresholds', () => {
    const byName = new Map(listOps().map((o) => [o.name, o]))
    expect(byName.get('text_length_filter')!.thresholds).toEqual({ min: 'min_len', max: 'max_len' })
    expect(byName.get('language_id_score_filter')!.thresholds).toEqual({ min: 'min_score' })
    for (const info of listOps()) {
      if (info.kind !== 'filter') expect(info.thresholds).toBeUndefined()
      for (const name of [info.thresholds?.min, info.thresholds?.max]) {
        if (name !== undefined) expect(['int', 'float']).toContain(info.params.find((p) => p.name === name)!.type)
      }
    }
  })

  it('refuses a filter whose minimum is above its maximum, counting defaults, and takes equal bounds', () => {
    const textLength = getOpDefinition('text_length_filter').info
    expect(thresholdConflict(textLength, { min_len: 10, max_len: 10 })).toBeNull()
    expect(thresholdConflict(textLength, { min_len: 5000 })).toBeNull()
    expect(thresholdConflict(textLength, { max_len: 5 })?.message).toBe(
      'min_len (10) is above max_len (5), so text_length_filter would drop every row. Lower min_len or raise max_len.'
    )
    expect(() => resolveParams(textLength, { min_len: 300, max_len: 200 })).toThrow(/text_length_filter: min_len \(300\) is above max_len \(200\)/)
    expect(resolveParams(textLength, { min_len: 200, max_len: 300 })).toEqual({ min_len: 200, max_len: 300 })
    const languageId = getOpDefinition('language_id_score_filter').info
    expect(thresholdConflict(languageId, { min_score: 0.99 })).toBeNull()
  })

  it('names the closest operator for a misspelled one', () => {
    expect(() => getOpDefinition('text_lenght_filter')).toThrow(SieveError)
    expect(() => getOpDefinition('text_lenght_filter')).toThrow(/Did you mean 'text_length_filter'/)
  })
})

describe('operator counters', () => {
  it('count the text read in UTF-8 bytes, as text_bytes reports them, not UTF-16 code units', () => {
    const def = getOpDefinition('text_length_filter')
    const filter = def.create(resolveParams(def.info, { min_len: 0 }), { textKey: 'text' })
    const batch = rowsToBatch([['abc'], ['é漢'], ['👍'], [null]], new Schema([new Field('text', new Utf8(), true)]))
    filter.process(batch)
    expect(filter.counters.textBytesIn).toBe(3 + 5 + 4)
  })
})
