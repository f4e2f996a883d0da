import { describe, expect, it } from 'vitest'
import { JsonArrayScanner } from './json-array'

const DOC = ' [ {"a": 1, "s": "brace } and ] in \\" string"}, {"nested": {"x": [1, {"y": 2}]}} ,{"e":"é😀"} ]\n'
const EXPECTED = [{ a: 1, s: 'brace } and ] in " string' }, { nested: { x: [1, { y: 2 }] } }, { e: 'é😀' }]

function scan(text: string, cuts: number[] = []): unknown[] {
  const scanner = new JsonArrayScanner('test.json')
  const out: unknown[] = []
  let last = 0
  for (const cut of [...cuts, text.length]) {
    out.push(...scanner.push(text.slice(last, cut)).map((t) => JSON.parse(t) as unknown))
    last = cut
  }
  scanner.end()
  return out
}

describe('JsonArrayScanner', () => {
  it('finds each record of an array of objects', () => {
    expect(scan(DOC)).toEqual(EXPECTED)
  })

  it('gives the same records for every split of the input', () => {
    for (let cut = 1; cut < DOC.length; cut++) expect(scan(DOC, [cut])).toEqual(EXPECTED)
  })

  it('explains what is wrong with a document that is not an array of records', () => {
    expect(() => scan('{"a":1}')).toThrow(/expected '\['/)
    expect(() => scan('[1, 2]')).toThrow(/record 1 .* is not an object/)
    expect(() => scan('[{"a":1}')).toThrow(/never closed/)
    expect(() => scan('[{"a":1}] x')).toThrow(/after the closing/)
    expect(() => scan('   ')).toThrow(/no JSON array/)
  })
})
