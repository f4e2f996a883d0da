import { describe, expect, it } from 'vitest'
import { SieveError } from '../../shared/errors'
import { getOpDefinition, listOps } from '.'
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

  it('names the closest operator for a misspelled one', () => {
    expect(() => getOpDefinition('text_lenght_filter')).toThrow(SieveError)
    expect(() => getOpDefinition('text_lenght_filter')).toThrow(/Did you mean 'text_length_filter'/)
  })
})
