import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { Field, Schema, Utf8, Int64 } from 'apache-arrow'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { readSlice, type SourceInput } from './read-slice'
import { scanTextFile } from './scan'

const scratch = scratchDir('scan')
afterAll(() => scratch.remove())

/** Every record read back from every slice of a scan, in order: nothing lost, nothing doubled. */
async function roundTrip(name: string, content: string | Buffer, format: 'jsonl' | 'csv', partitionRows: number, gzip = false): Promise<unknown[][]> {
  const path = join(scratch.path, name + (gzip ? '.gz' : ''))
  writeFileSync(path, gzip ? gzipSync(content) : content)
  const compression = gzip ? 'gzip' : 'none'
  const scan = await scanTextFile(path, compression, { partitionRows, partitionBytes: 1 << 30, sampleSize: 10 }, format === 'csv')
  const schema =
    format === 'csv'
      ? new Schema([new Field('id', new Int64(), true), new Field('text', new Utf8(), true)])
      : new Schema([new Field('id', new Int64(), true), new Field('text', new Utf8(), true)])
  const input: SourceInput = { path, format, compression }
  const rows: unknown[][] = []
  for (const slice of scan.slices) {
    const data = await readSlice(input, slice, schema, ['text'], 100)
    for (const b of data.bad) rows.push(['bad', b.line, b.reason])
    for (const batch of data.batches)
      for (let r = 0; r < batch.numRows; r++) rows.push([Number(batch.getChild('id')!.get(r)), batch.getChild('text')!.get(r)])
  }
  expect(scan.rows, 'records counted by the scan').toBe(rows.length)
  return rows
}

const csvRows = (n: number): string[] => Array.from({ length: n }, (_, i) => `${i},"row ${i}${i % 3 === 0 ? '\nsecond line, with ""quotes""' : ''}"`)

describe('scan and read agree on record boundaries, for every partition size', () => {
  const jsonl = ['{"id":0,"text":"a"}', '', '   ', '{"id":1,"text":"b"}\r', '{"id":2,"text":"c"}', '\t', '{"id":3,"text":"d"}'].join('\n')
  it.each([1, 2, 3, 5])('JSONL with blank, whitespace-only and CRLF lines, no final newline (partition_size %i)', async (n) => {
    for (const gzip of [false, true]) {
      expect(await roundTrip(`j${n}.jsonl`, jsonl, 'jsonl', n, gzip)).toEqual([
        [0, 'a'],
        [1, 'b'],
        [2, 'c'],
        [3, 'd']
      ])
    }
  })

  it.each([1, 2, 4, 7])('CSV with quoted newlines, doubled quotes, blank lines, CRLF and bare CR (partition_size %i)', async (n) => {
    const content = `id,text\r\n${csvRows(6).slice(0, 3).join('\r\n')}\r\n\r\n${csvRows(6).slice(3, 5).join('\r')}\r${csvRows(6)[5]}`
    for (const gzip of [false, true]) {
      const rows = await roundTrip(`c${n}.csv`, content, 'csv', n, gzip)
      expect(rows).toEqual(Array.from({ length: 6 }, (_, i) => [i, `row ${i}${i % 3 === 0 ? '\nsecond line, with "quotes"' : ''}`]))
    }
  })

  it('CSV: a quote in the middle of a field is a literal, and does not open a quoted field', async () => {
    const content = `id,text\n1,a 5" screen\n2,"quoted, with a comma\nand a newline"\n3,plain\n`
    for (const n of [1, 2, 3]) {
      expect(await roundTrip(`q${n}.csv`, content, 'csv', n, true)).toEqual([
        [1, 'a 5" screen'],
        [2, 'quoted, with a comma\nand a newline'],
        [3, 'plain']
      ])
    }
  })

  it('CSV: a whitespace-only line is a record (a bad one here), counted the same by scan and reader', async () => {
    const content = 'id,text\n1,a\n   \n2,b\n'
    for (const n of [1, 2]) {
      const rows = await roundTrip(`w${n}.csv`, content, 'csv', n, true)
      expect(rows).toHaveLength(3)
      expect(rows).toEqual(
        expect.arrayContaining([
          [1, 'a'],
          ['bad', 3, '1 fields where the header has 2'],
          [2, 'b']
        ])
      )
    }
  })
})
