import { Bool, DataType, DateDay, Field, Float64, Int32, Int64, List, Schema, Struct, Utf8 } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { SieveError } from '../../shared/errors'
import { CsvParser } from './csv'
import { conformCsvRow, conformRecord, inferCsvSchema, inferRecordSchema, rowsToBatch, schemaFromBase64, schemaToBase64 } from './schema'

/** Each field as "name:Type", nested types spelled out, to compare schemas at a glance. */
const shape = (schema: Schema): string[] => schema.fields.map((f) => `${f.name}:${String(f.type)}`)

describe('inferCsvSchema', () => {
  it('integers, floats and text by what every non-empty cell is, spelled as JSON spells numbers; text keys are always text', () => {
    const header = ['id', 'score', 'exp', 'mixed', 'empty', 'text', 'signed', 'dot', 'huge']
    const rows = [
      ['1', '0.5', '1e3', '7', '', '42', '-3', '.5', '9007199254740993'],
      ['2', '2', '-2.5E-2', 'x', '', '43', '+4', '5.', '1'],
      ['', '3', '4', '8'],
      ['10', '12.25', '+10E+10', '9', '', '44', '-10', '10.', '2']
    ]
    expect(shape(inferCsvSchema(header, rows, ['text']))).toEqual([
      'id:Int64',
      'score:Float64',
      'exp:Utf8',
      'mixed:Utf8',
      'empty:Utf8',
      'text:Utf8',
      'signed:Utf8',
      'dot:Utf8',
      'huge:Int64'
    ])
  })

  it('cells that only look numeric stay text', () => {
    for (const cell of ['1.2.3', '1e', 'e5', '--1', '1 ', ' 1', '0x10', 'NaN', 'Infinity', '.', '+', '1,5']) {
      expect(String(inferCsvSchema(['c'], [[cell]], []).fields[0]!.type), cell).toBe('Utf8')
    }
  })

  it('every field is nullable', () => {
    expect(inferCsvSchema(['a', 'b'], [['1', 'x']], ['b']).fields.every((f) => f.nullable)).toBe(true)
  })
})

describe('inferRecordSchema', () => {
  it('each column takes the type most sampled values have; ints and floats vote together as numbers', () => {
    const samples = [
      { n: 1, s: 'a', m: 1 },
      { n: 2.5, s: 'b', m: 'x' },
      { n: 3, s: 5, m: 3 },
      { n: null, s: 'c', m: 2 }
    ]
    expect(shape(inferRecordSchema(samples, []))).toEqual(['n:Float64', 's:Utf8', 'm:Int64'])
  })

  it('nulls cast no vote, however many', () => {
    expect(shape(inferRecordSchema([{ n: null }, { n: null }, { n: 1 }], []))).toEqual(['n:Int64'])
  })

  it('a list seen only with null items holds text items named "item", as Arrow and Parquet readers expect', () => {
    const list = inferRecordSchema([{ l: [null] }], []).fields[0]!.type as List
    expect(list.children[0]!.name).toBe('item')
  })

  it('a tie goes to text, whichever comes first', () => {
    expect(shape(inferRecordSchema([{ t: 'a' }, { t: 1 }], []))).toEqual(['t:Utf8'])
    expect(shape(inferRecordSchema([{ t: 1 }, { t: 'a' }], []))).toEqual(['t:Utf8'])
    expect(shape(inferRecordSchema([{ t: true }, { t: 1 }, { t: 2 }], []))).toEqual(['t:Int64'])
  })

  it('columns seen only as null become text, text keys are text even when absent or numeric, nested nulls widen to text', () => {
    const schema = inferRecordSchema([{ z: null, k: 5, nest: { a: null, b: [null] }, flag: false }], ['k', 'absent'])
    expect(shape(schema)).toEqual(['z:Utf8', 'k:Utf8', 'nest:Struct<{a:Utf8, b:List<Utf8>}>', 'flag:Bool', 'absent:Utf8'])
    expect(schema.fields.every((f) => f.nullable)).toBe(true)
    const nest = schema.fields[2]!.type as Struct
    expect(nest.children.every((f) => f.nullable)).toBe(true)
    expect((nest.children[1]!.type as List).children[0]!.nullable).toBe(true)
  })
})

describe('schema round trip through base64', () => {
  it('keeps names, types and nesting', () => {
    const schema = new Schema([new Field('a', new Int64(), true), new Field('b', new List(new Field('item', new Utf8(), true)), true)])
    expect(shape(schemaFromBase64(schemaToBase64(schema)))).toEqual(shape(schema))
  })
})

const schemaOf = (...fields: [string, DataType][]): Schema => new Schema(fields.map(([n, t]) => new Field(n, t, true)))

describe('conformRecord', () => {
  const schema = schemaOf(
    ['text', new Utf8()],
    ['n', new Int64()],
    ['small', new Int32()],
    ['x', new Float64()],
    ['ok', new Bool()],
    ['tags', new List(new Field('item', new Int64(), true))],
    ['meta', new Struct([new Field('k', new Utf8(), true)])],
    ['note', new Utf8()]
  )

  it('shapes values for their columns: Int64 as bigint, Int32 as number, objects in a text column as JSON, absent as null', () => {
    const out = conformRecord({ text: 'hi', n: 5, small: 6n, x: 1, ok: true, tags: [1, 2], meta: { k: 'v' }, note: { a: 1 } }, schema, ['text'])
    expect(out).toEqual({ row: ['hi', 5n, 6, 1, true, [1n, 2n], { k: 'v' }, '{"a":1}'] })
    expect(conformRecord({ text: 'hi', n: 7n }, schema, ['text'])).toEqual({ row: ['hi', 7n, null, null, null, null, null, null] })
    expect(conformRecord({ text: 'hi', meta: {} }, schema, ['text'])).toEqual({ row: ['hi', null, null, null, null, null, { k: null }, null] })
  })

  it('names what cannot be stored without loss', () => {
    const reasons: [unknown, string][] = [
      [[1], 'a JSON list, not an object'],
      [null, 'a JSON null, not an object'],
      ['s', 'a JSON string, not an object'],
      [{}, "text field 'text' is missing"],
      [{ text: null }, "text field 'text' is missing"],
      [{ text: 3 }, "text field 'text' is a number, not text"],
      [{ text: 'a', extra: 1 }, "field 'extra' is not in the dataset's schema (inferred from a sample of the input)"],
      [{ text: 'a', n: 1.5 }, "field 'n' is a number (1.5) where the dataset has integers"],
      [{ text: 'a', n: 2 ** 60 }, `field 'n' is a number (${2 ** 60}) where the dataset has integers`],
      [{ text: 'a', n: '1' }, `field 'n' is a string ("1") where the dataset has integers`],
      [{ text: 'a', x: '1' }, "field 'x' is a string where the dataset has numbers"],
      [{ text: 'a', ok: 1 }, "field 'ok' is a number where the dataset has true/false"],
      [{ text: 'a', tags: {} }, "field 'tags' is an object where the dataset has lists"],
      [{ text: 'a', tags: [1, 'b'] }, `field 'tags[1]' is a string ("b") where the dataset has integers`],
      [{ text: 'a', meta: [] }, "field 'meta' is a list where the dataset has objects"],
      [{ text: 'a', meta: 'v' }, "field 'meta' is a string where the dataset has objects"],
      [{ text: 'a', meta: { k: 'v', other: 1 } }, "field 'meta.other' is not in the dataset's schema"],
      [{ text: 'a', meta: { k: 1 } }, 'REACHED']
    ]
    for (const [record, reason] of reasons) {
      const out = conformRecord(record, schema, ['text'])
      if (reason === 'REACHED') expect(out).toEqual({ row: ['a', null, null, null, null, null, { k: '1' }, null] })
      else expect(out, JSON.stringify(record)).toEqual({ reason })
    }
  })

  it('a column of a type Sieve cannot store is named', () => {
    const odd = new Schema([new Field('d', new DateDay(), true)])
    expect(conformRecord({ d: 1 }, odd, [])).toEqual({ reason: "field 'd' has a type Sieve cannot store" })
  })
})

describe('conformCsvRow', () => {
  const schema = schemaOf(['text', new Utf8()], ['n', new Int64()], ['small', new Int32()], ['x', new Float64()])

  it('shapes cells: Int64 as bigint, other integers as numbers, floats as numbers, empty cells as null', () => {
    expect(conformCsvRow(['hi', '-12', '7', '1e2'], schema, ['text'])).toEqual({ row: ['hi', -12n, 7, 100] })
    expect(conformCsvRow(['hi', '', '', ''], schema, ['text'])).toEqual({ row: ['hi', null, null, null] })
    expect(conformCsvRow(['hi', '9007199254740993', '1', '1'], schema, ['text'])).toEqual({ row: ['hi', 9007199254740993n, 1, 1] })
  })

  it('names the row problems', () => {
    expect(conformCsvRow(['a', '1'], schema, ['text'])).toEqual({ reason: '2 fields where the header has 4' })
    expect(conformCsvRow(['', '1', '1', '1'], schema, ['text'])).toEqual({ reason: "text field 'text' is empty" })
    expect(conformCsvRow(['a', '1.5', '1', '1'], schema, ['text'])).toEqual({ reason: "field 'n' is '1.5', not an integer the column holds exactly" })
    expect(conformCsvRow(['a', '9223372036854775808', '1', '1'], schema, ['text'])).toEqual({
      reason: "field 'n' is '9223372036854775808', not an integer the column holds exactly"
    })
    expect(conformCsvRow(['a', '02130', '1', '1'], schema, ['text'])).toEqual({
      reason: "field 'n' is '02130', not an integer the column holds exactly"
    })
    expect(conformCsvRow(['a', '1', '1', 'x'.repeat(50)], schema, ['text'])).toEqual({
      reason: `field 'x' is '${'x'.repeat(40)}', not a number the column holds exactly`
    })
  })
})

describe('rowsToBatch', () => {
  it('builds columns of the schema from conformed rows', () => {
    const schema = schemaOf(['text', new Utf8()], ['n', new Int64()])
    const batch = rowsToBatch(
      [
        ['a', 1n],
        [null, null],
        ['c', 3n]
      ],
      schema
    )
    expect(batch.numRows).toBe(3)
    expect(batch.getChildAt(0)!.toArray()).toEqual(['a', null, 'c'])
    expect([...batch.getChildAt(1)!]).toEqual([1n, null, 3n])
  })
})

describe('CsvParser edges', () => {
  const all = (parser: CsvParser, text: string): string[][] => [
    ...parser.push(text).map((r) => r.fields),
    ...[parser.end()].flatMap((r) => (r ? [r.fields] : []))
  ]

  it('a quote inside an unquoted field is a literal quote; text after a closing quote joins the field', () => {
    expect(all(new CsvParser(','), 'ab"c,"d"e\n')).toEqual([['ab"c', 'de']])
  })

  it('empty lines are no records, but a line of empty fields is; records carry their first line', () => {
    const parser = new CsvParser(',')
    expect(parser.push('\n\r\n,\n"a\nb",c\n').map((r) => [r.fields, r.line])).toEqual([
      [['', ''], 3],
      [['a\nb', 'c'], 4]
    ])
    expect(parser.end()).toBeUndefined()
  })

  it('a quoted field at the very start of the input', () => {
    expect(all(new CsvParser(','), '"a,b",c\n')).toEqual([['a,b', 'c']])
  })

  it('a BOM after the first chunk is text', () => {
    const parser = new CsvParser(',')
    expect(parser.push('a')).toEqual([])
    expect(all(parser, '\uFEFFb')).toEqual([['a\uFEFFb']])
  })

  it('every \\n counts a line, blank lines too', () => {
    expect(new CsvParser(',').push('a\n\nb\n\r\nc\n').map((r) => [r.fields, r.line])).toEqual([
      [['a'], 1],
      [['b'], 3],
      [['c'], 5]
    ])
  })

  it('a BOM is dropped only at the very start of a file; a value elsewhere keeps its leading U+FEFF', () => {
    const parser = new CsvParser(',', undefined, { fileStart: true })
    expect(parser.push('')).toEqual([])
    expect(all(parser, '\uFEFFa,\uFEFFb')).toEqual([['a', '\uFEFFb']])
    expect(all(new CsvParser(','), '\uFEFFa,\uFEFFb')).toEqual([['\uFEFFa', '\uFEFFb']])
  })

  it('a field longer than the limit is refused, naming its line', () => {
    const parser = new CsvParser(',', 8)
    expect(parser.push('a\n12345678\n')).toEqual([
      { fields: ['a'], line: 1 },
      { fields: ['12345678'], line: 2 }
    ])
    const failure = (() => {
      try {
        parser.push('123456789')
      } catch (err) {
        return err
      }
      return undefined
    })()
    expect(failure).toBeInstanceOf(SieveError)
    expect(failure).toMatchObject({ code: 'LINE_TOO_LONG', message: 'A field starting on line 3 is longer than the limit.', details: { line: 3 } })
  })

  it('an unclosed quote is refused at the end, naming its line', () => {
    const parser = new CsvParser(',')
    parser.push('a\n"open')
    expect(() => parser.end()).toThrow(
      expect.objectContaining({ code: 'MALFORMED', message: 'A quoted field that starts on line 2 is never closed.', details: { line: 2 } })
    )
  })
})
