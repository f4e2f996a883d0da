import { describe, expect, it } from 'vitest'
import { validateParams } from './validate'

describe('validateParams', () => {
  it('passes well-formed params through', () => {
    expect(validateParams('datasets/inspect', { path: '/a.jsonl', rows: 10 })).toEqual({ path: '/a.jsonl', rows: 10 })
    expect(validateParams('app/info', undefined)).toEqual({})
    const bytes = new Uint8Array(3)
    expect(validateParams('uploads/chunk', { uploadId: 'u', offset: 0, bytes })).toEqual({ uploadId: 'u', offset: 0, bytes })
  })

  it.each([
    ['datasets/inspect', {}, /'path' must be a non-empty string/],
    ['datasets/inspect', { path: 42 }, /'path' must be a non-empty string/],
    ['datasets/inspect', { path: 'a\0b' }, /free of NUL/],
    ['datasets/inspect', { path: '/a', rows: 1.5 }, /'rows' must be an integer from 1 to 10000/],
    ['datasets/inspect', { path: '/a', extra: 1 }, /has no parameter 'extra' \(it takes path, rows\)/],
    ['fs/list', [], /must be an object/],
    ['uploads/chunk', { uploadId: 'u', offset: 0, bytes: [1, 2] }, /'bytes' must be bytes/],
    ['uploads/begin', { name: 'a', size: -1 }, /'size' must be an integer/],
    ['app/info', { constructor: 1 }, /app\/info has no parameter 'constructor'/],
    ['datasets/inspect', { path: '/a', toString: 'x' }, /has no parameter 'toString'/],
    ['fs/list', JSON.parse('{"__proto__": {"path": "/"}}') as object, /has no parameter '__proto__'/],
    ['jobs/pause', { workDir: '/w', hasOwnProperty: true }, /has no parameter 'hasOwnProperty'/]
  ] as const)('%s %j is refused', (method, params, message) => {
    expect(() => validateParams(method, params)).toThrow(message)
  })
})
