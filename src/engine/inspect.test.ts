import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { tableFromIPC, tableToIPC } from 'apache-arrow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InspectResult } from '../shared/dataset'
import { SieveError } from '../shared/errors'
import { detectFormat } from './io/detect'
import { inspectDataset } from './inspect'
import { COSQA, GSM8K, PARQUET_GOOD, scratchDir } from './testing'

const scratch = scratchDir('inspect')
const dir = scratch.path
const gsm8kLines = readFileSync(GSM8K, 'utf8').trimEnd().split('\n')
const gsm8kRecords = gsm8kLines.map((l) => JSON.parse(l) as { question: string; answer: string })

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function headRows(result: InspectResult): Record<string, unknown>[] {
  return tableFromIPC(result.head)
    .toArray()
    .map((r) => r.toJSON() as Record<string, unknown>)
}

async function inspectError(path: string): Promise<SieveError> {
  const err = await inspectDataset(path).catch((e: unknown) => e)
  expect(err).toBeInstanceOf(SieveError)
  return err as SieveError
}

beforeAll(() => {
  writeFileSync(join(dir, 'gsm8k.jsonl.gz'), gzipSync(readFileSync(GSM8K)))
  execFileSync('zstd', ['-q', '-f', GSM8K, '-o', join(dir, 'gsm8k.jsonl.zst')])
  copyFileSync(GSM8K, join(dir, 'actually-jsonl.csv'))
  const csv = ['question,answer', ...gsm8kRecords.map((r) => `${csvField(r.question)},${csvField(r.answer)}`)].join('\r\n')
  writeFileSync(join(dir, 'gsm8k.csv'), `\uFEFF${csv}\r\n`)
  const tsv = ['id\tquestion', ...gsm8kRecords.slice(0, 200).map((r, i) => `${i}\t${r.question.replace(/\t/g, ' ')}`)].join('\n')
  writeFileSync(join(dir, 'gsm8k.tsv'), tsv)
  writeFileSync(join(dir, 'gsm8k.json'), JSON.stringify(gsm8kRecords.slice(0, 50), null, 2))
  writeFileSync(join(dir, 'empty.jsonl'), '')
  writeFileSync(join(dir, 'blank.jsonl'), '\n  \n\n')
  writeFileSync(join(dir, 'empty-array.json'), '[ ]')
  writeFileSync(join(dir, 'binary.jsonl'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 0, 0]))
  writeFileSync(join(dir, 'notes.log'), 'Just some prose\nwith no structure at all\n')
  writeFileSync(join(dir, 'cp1252.txt'), Buffer.from('café crème\n', 'latin1'))
  writeFileSync(join(dir, 'encrypted.parquet'), Buffer.from('PARE\0\0\0\0PARE'))
  writeFileSync(
    join(dir, 'mixed.jsonl'),
    Buffer.concat([
      Buffer.from('{"text": "good one", "n": 1}\n{"text": broken\n[1, 2]\n'),
      Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]),
      Buffer.from('{"text": "good two", "n": 2.5, "tags": ["a"], "meta": {"k": true}}\n')
    ])
  )
  writeFileSync(join(dir, 'all-bad.jsonl'), 'not json\nstill not\n')
  writeFileSync(join(dir, 'latin1.csv'), Buffer.from('name,city\nJosé,Zürich\n', 'latin1'))
  mkdirSync(join(dir, 'folder', 'part-b'), { recursive: true })
  mkdirSync(join(dir, 'empty-folder'))
  writeFileSync(join(dir, 'folder', 'a.jsonl'), gsm8kLines.slice(0, 10).join('\n'))
  writeFileSync(join(dir, 'folder', 'part-b', 'b.jsonl'), gsm8kLines.slice(10, 30).join('\n'))
  writeFileSync(join(dir, 'folder', 'LICENSE'), 'not data')
  writeFileSync(join(dir, 'folder', '.hidden.jsonl'), 'ignored')
  writeFileSync(join(dir, 'empty-folder', 'notes.log'), 'no data here')
})

afterAll(() => scratch.remove())

describe('detectFormat', () => {
  it('reads the format from the content, and says when the extension disagrees', async () => {
    expect(await detectFormat(GSM8K)).toMatchObject({ format: 'jsonl', compression: 'none' })
    expect(await detectFormat(join(dir, 'gsm8k.jsonl.gz'))).toMatchObject({ format: 'jsonl', compression: 'gzip' })
    expect(await detectFormat(join(dir, 'gsm8k.jsonl.zst'))).toMatchObject({ format: 'jsonl', compression: 'zstd' })
    expect(await detectFormat(COSQA)).toMatchObject({ format: 'parquet' })
    expect(await detectFormat(join(dir, 'gsm8k.csv'))).toMatchObject({ format: 'csv' })
    expect(await detectFormat(join(dir, 'gsm8k.tsv'))).toMatchObject({ format: 'tsv' })
    expect(await detectFormat(join(dir, 'gsm8k.json'))).toMatchObject({ format: 'json' })
    const mismatch = await detectFormat(join(dir, 'actually-jsonl.csv'))
    expect(mismatch.format).toBe('jsonl')
    expect(mismatch.extensionMismatch).toMatch(/named like CSV but contains JSONL/)
  })
})

describe('inspectDataset on real files', () => {
  it('GSM8K JSONL: schema, exact row count and the first rows', async () => {
    const result = await inspectDataset(GSM8K, 10)
    expect(result).toMatchObject({ kind: 'file', format: 'jsonl', compression: 'none', rowCount: { value: 7473, exact: true } })
    expect(result.schema).toEqual([
      { name: 'question', type: 'Utf8', nullable: true },
      { name: 'answer', type: 'Utf8', nullable: true }
    ])
    expect(result.headRows).toBe(10)
    expect(headRows(result)[0]).toEqual(gsm8kRecords[0])
    expect(result.warnings).toEqual([])
  })

  it('gzip and zstd JSONL decompress to the same rows', async () => {
    for (const name of ['gsm8k.jsonl.gz', 'gsm8k.jsonl.zst']) {
      const result = await inspectDataset(join(dir, name), 3)
      expect(result.rowCount.value).toBe(7473)
      expect(headRows(result)[2]).toEqual(gsm8kRecords[2])
    }
  })

  it('CSV with quoted newlines and a BOM, and TSV', async () => {
    const csv = await inspectDataset(join(dir, 'gsm8k.csv'), 5)
    expect(csv.format).toBe('csv')
    expect(csv.rowCount).toEqual({ value: 7473, exact: true })
    expect(csv.schema.map((c) => c.name)).toEqual(['question', 'answer'])
    expect(headRows(csv)[1]).toEqual(gsm8kRecords[1])
    const tsv = await inspectDataset(join(dir, 'gsm8k.tsv'), 5)
    expect(tsv.schema).toEqual([
      { name: 'id', type: 'Int64', nullable: true },
      { name: 'question', type: 'Utf8', nullable: true }
    ])
    expect(tsv.rowCount).toEqual({ value: 200, exact: true })
  })

  it('a JSON array of records', async () => {
    const result = await inspectDataset(join(dir, 'gsm8k.json'), 5)
    expect(result).toMatchObject({ format: 'json', rowCount: { value: 50, exact: true }, headRows: 5 })
    expect(headRows(result)[4]).toEqual(gsm8kRecords[4])
  })

  it('pyarrow Parquet (cosqa): row groups, codecs, key-value metadata and a struct column', async () => {
    const result = await inspectDataset(COSQA, 7)
    expect(result.rowCount).toEqual({ value: 20604, exact: true })
    expect(result.headRows).toBe(7)
    expect(result.parquet?.rowGroups).toHaveLength(21)
    expect(result.parquet?.rowGroups[0]?.columns[0]?.codec).toBe('SNAPPY')
    expect(result.parquet?.createdBy).toMatch(/parquet-cpp-arrow/)
    expect(Object.keys(result.parquet?.keyValueMetadata ?? {})).toEqual(expect.arrayContaining(['huggingface', 'ARROW:schema']))
    expect(result.schema.find((c) => c.name === 'meta_information')?.type).toMatch(/^Struct/)
  })

  it('every file of parquet-testing/good inspects, with the row count of its footer', async () => {
    const files = readdirSync(PARQUET_GOOD).filter((f) => f.endsWith('.parquet'))
    expect(files.length).toBeGreaterThan(10)
    for (const file of files) {
      const result = await inspectDataset(join(PARQUET_GOOD, file), 3)
      expect(result.format, file).toBe('parquet')
      expect(result.headRows, file).toBe(Math.min(3, result.rowCount.value))
      expect(result.schema.length, file).toBeGreaterThan(0)
    }
  })

  it('Arrow IPC, as a file and as a stream', async () => {
    const table = tableFromIPC((await inspectDataset(COSQA, 40)).head)
    writeFileSync(join(dir, 'cosqa.arrow'), tableToIPC(table, 'file'))
    writeFileSync(join(dir, 'cosqa.arrows'), tableToIPC(table, 'stream'))
    for (const name of ['cosqa.arrow', 'cosqa.arrows']) {
      const result = await inspectDataset(join(dir, name), 10)
      expect(result.format).toBe('arrow')
      expect(result.rowCount).toEqual({ value: 40, exact: true })
      expect(result.headRows).toBe(10)
    }
  })

  it('a folder: its dataset files in order, bookkeeping and other files left out', async () => {
    const result = await inspectDataset(join(dir, 'folder'))
    expect(result.kind).toBe('folder')
    expect(result.files.map((f) => f.path)).toEqual([join(dir, 'folder', 'a.jsonl'), join(dir, 'folder', 'part-b', 'b.jsonl')])
    expect(result.headRows).toBe(10)
    expect(result.warnings.join(' ')).toMatch(/1 file\(s\) in the folder are not datasets/)
  })

  it('several paths dropped together: one dataset of every file, each once, the first read for the schema and rows', async () => {
    const result = await inspectDataset([GSM8K, join(dir, 'folder'), GSM8K])
    expect(result.kind).toBe('files')
    expect(result.path).toBe(GSM8K)
    expect(result.paths).toEqual([GSM8K, join(dir, 'folder'), GSM8K])
    expect(result.files.map((f) => f.path)).toEqual([GSM8K, join(dir, 'folder', 'a.jsonl'), join(dir, 'folder', 'part-b', 'b.jsonl')])
    expect(result.totalBytes).toBe(result.files.reduce((n, f) => n + f.sizeBytes, 0))
    expect(result.rowCount.exact).toBe(false)
    expect(result.schema.map((c) => c.name)).toEqual(['question', 'answer'])
    expect(result.warnings.join(' ')).toMatch(/1 file\(s\) in the folder are not datasets/)
    const single = await inspectDataset([GSM8K])
    expect({ kind: single.kind, paths: single.paths, rows: single.rowCount }).toEqual({
      kind: 'file',
      paths: undefined,
      rows: { value: 7473, exact: true }
    })
    await expect(inspectDataset([GSM8K, join(dir, 'missing.jsonl')])).rejects.toThrow(/missing\.jsonl/)
    // A glob, as dataset_path takes one.
    const globbed = await inspectDataset(join(dir, 'folder', '**', '*.jsonl'))
    expect({ kind: globbed.kind, files: globbed.files.map((f) => f.path) }).toEqual({
      kind: 'files',
      files: [join(dir, 'folder', 'a.jsonl'), join(dir, 'folder', 'part-b', 'b.jsonl')]
    })
  })

  it('bad lines become warnings naming the line; good lines are kept with their types', async () => {
    const result = await inspectDataset(join(dir, 'mixed.jsonl'))
    expect(result.headRows).toBe(2)
    expect(result.warnings).toEqual([
      expect.stringMatching(/^Line 2: not valid JSON/),
      'Line 3: a JSON array, not an object.',
      'Line 4: not valid UTF-8 text.'
    ])
    expect(Object.fromEntries(result.schema.map((c) => [c.name, c.type]))).toEqual({
      text: 'Utf8',
      n: 'Float64',
      tags: 'List<Utf8>',
      meta: 'Struct<{k:Bool}>'
    })
  })
})

describe('inspectDataset on bad input: one clear message each', () => {
  it.each([
    ['missing.jsonl', 'NOT_FOUND', /No file or folder at .*missing\.jsonl/],
    ['empty.jsonl', 'EMPTY_FILE', /is empty \(0 bytes\)/],
    ['blank.jsonl', 'EMPTY_FILE', /only whitespace/],
    ['empty-array.json', 'EMPTY_FILE', /empty JSON array/],
    ['binary.jsonl', 'UNKNOWN_FORMAT', /binary file that Sieve does not know/],
    ['notes.log', 'UNKNOWN_FORMAT', /not JSONL, JSON, CSV or TSV/],
    ['cp1252.txt', 'NOT_UTF8', /cp1252\.txt is not valid UTF-8 text \(near byte 3\)\. Re-encode it as UTF-8\./],
    ['encrypted.parquet', 'ENCRYPTED', /encrypted Parquet file/],
    ['all-bad.jsonl', 'MALFORMED', /no readable JSON records.*Line 1: not valid JSON/],
    ['empty-folder', 'EMPTY_FOLDER', /holds no dataset files/],
    ['latin1.csv', 'NOT_UTF8', /latin1\.csv is not valid UTF-8 text \(near byte 13\)\. Re-encode it as UTF-8\./]
  ])('%s → %s', async (name, code, message) => {
    const err = await inspectError(join(dir, name))
    expect(err.code).toBe(code)
    expect(err.message).toMatch(message)
  })

  it('an estimate, not a full read, for a large file', async () => {
    const big = join(dir, 'big.jsonl')
    const line = `${gsm8kLines[0]}\n`
    const copies = Math.ceil((40 << 20) / line.length)
    writeFileSync(big, line.repeat(copies))
    const result = await inspectDataset(big, 5)
    expect(result.rowCount.exact).toBe(false)
    expect(Math.abs(result.rowCount.value - copies) / copies).toBeLessThan(0.01)
  })
})
