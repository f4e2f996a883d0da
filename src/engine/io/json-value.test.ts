import { describe, expect, it } from 'vitest'
import { ExactNumber, exactNumber, jsonText, parseJson } from './json-value'

describe('parseJson', () => {
  it('keeps integers exact: safe ones as numbers, 64-bit ones as bigint, larger ones as their digits', () => {
    expect(parseJson('{"a":1,"b":9007199254740993,"c":-9223372036854775808,"d":9223372036854775808}')).toEqual({
      value: { a: 1, b: 9007199254740993n, c: -9223372036854775808n, d: new ExactNumber('9223372036854775808') }
    })
  })

  it('keeps a number a double holds (0.1, 1e23, 1.50) and never rounds one it does not hold', () => {
    expect(parseJson('[0.1, 1e23, 1.50, 0.30000000000000004, 1e-7]')).toEqual({ value: [0.1, 1e23, 1.5, 0.30000000000000004, 1e-7] })
    expect(parseJson('[3.14159265358979323846, 1e400, -1e400, 1e-400]')).toEqual({
      value: ['3.14159265358979323846', '1e400', '-1e400', '1e-400'].map((t) => new ExactNumber(t))
    })
  })

  it('reads digit runs inside strings as text, and a "__proto__" key as an own field', () => {
    const parsed = parseJson('{"__proto__":{"x":12345678901234567890},"t":"id 12345678901234567890"}') as { value: Record<string, unknown> }
    expect(Object.keys(parsed.value)).toEqual(['__proto__', 't'])
    expect(parsed.value.t).toBe('id 12345678901234567890')
    expect(Object.getOwnPropertyDescriptor(parsed.value, '__proto__')?.value).toEqual({ x: new ExactNumber('12345678901234567890') })
  })

  it('refuses a lone surrogate, in a value or a key, with the reason', () => {
    expect(parseJson('{"t":"a\\ud800b"}')).toEqual({ reason: expect.stringMatching(/lone surrogate \(\\ud800\)/) })
    expect(parseJson('{"\\udfff":1}')).toEqual({ reason: expect.stringMatching(/lone surrogate \(\\udfff\)/) })
    expect(parseJson('{"t":"\\ud83d\\ude00"}')).toEqual({ value: { t: '😀' } })
  })

  it('refuses a record nested deeper than 61 levels, however deep, without a stack overflow', () => {
    const nested = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`
    expect(parseJson(nested(61))).toHaveProperty('value')
    expect(parseJson(nested(62))).toEqual({ reason: expect.stringMatching(/nested more than 61 levels/) })
    expect(parseJson(nested(200_000))).toEqual({ reason: expect.stringMatching(/nested more than 61 levels/) })
  })

  it('reports bad JSON as JSON.parse words it', () => {
    expect(parseJson('{"a":')).toEqual({ reason: expect.stringMatching(/^not valid JSON: /) })
  })
})

describe('exactNumber and jsonText', () => {
  it('write every value back as the same JSON text', () => {
    const text = '{"id":1234567890123456789,"big":123456789012345678901234,"f":0.1,"x":1e400,"s":"\uFEFFa","l":[1,null,true]}'
    const parsed = parseJson(text) as { value: unknown }
    expect(jsonText(parsed.value)).toBe(text)
    expect(exactNumber('-0')).toBe(-0)
  })

  it('writes a non-finite float as a string, since JSON has no number for it', () => {
    expect(jsonText([NaN, Infinity, -Infinity])).toBe('["NaN","Infinity","-Infinity"]')
  })
})
