import { describe, expect, it } from 'vitest'
import { nameParts } from './name-parts'

describe('nameParts', () => {
  it('cuts an operator name after each underscore', () => {
    expect(nameParts('whitespace_normalization_mapper')).toEqual(['whitespace_', 'normalization_', 'mapper'])
  })
  it('cuts a path after each slash and dot, and gives the text back whole when joined', () => {
    const path = '/tmp/out/gsm8k-clean.parquet'
    expect(nameParts(path)).toEqual(['/', 'tmp/', 'out/', 'gsm8k-', 'clean.', 'parquet'])
    expect(nameParts(path).join('')).toBe(path)
  })
  it('leaves a word without separators, and a type name such as Float64, in one piece', () => {
    expect(nameParts('Float64')).toEqual(['Float64'])
    expect(nameParts('')).toEqual([])
    expect(nameParts('a__b')).toEqual(['a_', '_', 'b'])
  })
})
