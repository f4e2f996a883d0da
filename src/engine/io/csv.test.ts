import { describe, expect, it } from 'vitest'
import { CsvParser } from './csv'

function parseAll(text: string, delimiter = ',', splitAt: number[] = []): string[][] {
  const parser = new CsvParser(delimiter, undefined, { fileStart: true })
  const rows: string[][] = []
  let last = 0
  for (const cut of [...splitAt, text.length]) {
    rows.push(...parser.push(text.slice(last, cut)).map((r) => r.fields))
    last = cut
  }
  const end = parser.end()
  if (end !== undefined) rows.push(end.fields)
  return rows
}

const RFC_SAMPLE = '\uFEFFid,text,note\r\n1,"Hello, world","He said ""hi"""\r\n2,"line one\nline two",\r\n3,plain,"a ""quoted"" word, and a comma"'
const RFC_EXPECTED = [
  ['id', 'text', 'note'],
  ['1', 'Hello, world', 'He said "hi"'],
  ['2', 'line one\nline two', ''],
  ['3', 'plain', 'a "quoted" word, and a comma']
]

describe('CsvParser (RFC 4180)', () => {
  it('handles BOM, quoted delimiters, doubled quotes, embedded newlines, CRLF and a missing final newline', () => {
    expect(parseAll(RFC_SAMPLE)).toEqual(RFC_EXPECTED)
  })

  it('gives the same records however the input is cut into chunks', () => {
    for (let cut = 1; cut < RFC_SAMPLE.length; cut++) {
      expect(parseAll(RFC_SAMPLE, ',', [cut])).toEqual(RFC_EXPECTED)
    }
  })

  it('drops a BOM only at the start of a file: text from inside a file keeps a value that starts with U+FEFF', () => {
    const inside = new CsvParser(',')
    expect(inside.push('\uFEFFa,b\n').map((r) => r.fields)).toEqual([['\uFEFFa', 'b']])
  })

  it('accepts bare \\r line ends and tabs as the delimiter', () => {
    expect(parseAll('a\tb\rc\t"d\te"\r', '\t')).toEqual([
      ['a', 'b'],
      ['c', 'd\te']
    ])
  })

  it('reports the line where records start, counting embedded newlines', () => {
    const parser = new CsvParser(',')
    const records = parser.push('h\n"a\nb"\nc\n')
    expect(records.map((r) => r.line)).toEqual([1, 2, 4])
  })

  it('refuses an unterminated quote, naming its line', () => {
    const parser = new CsvParser(',')
    parser.push('a,b\n1,"never closed\n2,3\n')
    expect(() => parser.end()).toThrow(/line 2 is never closed/)
  })
})
