import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Float64, Int64, Table, Utf8, vectorFromArray } from 'apache-arrow'
import { afterAll, describe, expect, it } from 'vitest'
import { formatInspect, inspectJson } from '../../main/cli/format'
import { inspectDataset } from '../inspect'
import { inspectParquetFile } from '../parquet/inspect-file'
import { GSM8K, scratchDir } from '../testing'
import { duckdbColumn, duckdbStrings } from '../testing-duckdb'
import { namedRecipe, parquetRows, recipeFrom, runToEnd } from '../job/testing-jobs'
import type { Recipe } from '../../shared/recipe'
import { encodeArrow, encodeParquet } from './write'

/** Values must come out of a job exactly as they went in: real job runs, outputs read back by DuckDB. */
const scratch = scratchDir('values')
const root = scratch.path
afterAll(() => scratch.remove())

const gsm8k = readFileSync(GSM8K, 'utf8')
  .trimEnd()
  .split('\n')
  .slice(0, 40)
  .map((l) => JSON.parse(l) as { question: string; answer: string })
const BOM = '\uFEFF'
/** Snowflake-sized ids: 19 digits, far beyond 2^53, each one a double would change. */
const id = (i: number): string => String(1234567890123456789n + BigInt(i) * 7n)

const recipe = (name: string, dataset: string, extra = ''): Recipe =>
  namedRecipe(root, name, dataset, `partition_size: 10\n${extra}`, '  - text_length_filter: {min_len: 1}\n')

function badRecords(workDir: string): Record<string, unknown>[] {
  const dir = join(workDir, 'errors')
  return readdirSync(dir)
    .sort()
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    )
}

describe('JSONL values round-trip exactly', () => {
  const input = join(root, 'values.jsonl')
  const good = gsm8k.map(
    (r, i) =>
      `{"id":${id(i)},"text":${JSON.stringify(i % 3 === 0 ? BOM + r.answer : r.answer)},"score":${i}.5,"tags":[${JSON.stringify(BOM + 'tag')}]}`
  )
  const deep = (levels: number): string => `{"id":1,"text":"deep","nest":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`
  const lines = [
    ...good.slice(0, 5),
    '{"id":2,"text":"a lone \\ud800 surrogate","score":1.5}',
    '{"id":3,"text":"too large","score":1e400}',
    deep(70),
    deep(2000),
    '{"id":5,"text":"an integer in a float column","score":9007199254740993}',
    `{"id":4,"text":"a raw NUL \0 in the first line"}`,
    ...good.slice(5)
  ]
  writeFileSync(input, `${lines[10]}\n${lines.filter((_, i) => i !== 10).join('\n')}\n`)

  it('BOM-led strings, 19-digit ids and lists survive a run to Parquet; lone surrogates, 1e400, deep nesting and a NUL are counted bad records', async () => {
    const r = recipe('jsonl', input, 'text_keys: text')
    const { outcome } = await runToEnd(r)
    expect(outcome.status).toBe('completed')
    expect(await duckdbColumn(r.export_path, 'id')).toEqual(gsm8k.map((_, i) => BigInt(id(i))))
    expect(await duckdbStrings(r.export_path, 'text')).toEqual(gsm8k.map((g, i) => (i % 3 === 0 ? BOM + g.answer : g.answer)))
    const reasons = badRecords(r.work_dir).map((e) => [e.line, e.reason])
    expect(reasons).toEqual([
      [1, expect.stringMatching(/^not valid JSON/)],
      [7, expect.stringMatching(/lone surrogate \(\\ud800\)/)],
      [8, "field 'score' is 1e400, which a 64-bit float cannot hold exactly"],
      [9, expect.stringMatching(/nested more than 61 levels deep/)],
      [10, expect.stringMatching(/nested more than 61 levels deep/)],
      [11, "field 'score' is 9007199254740993, which a 64-bit float cannot hold exactly"]
    ])
  })

  it('a JSONL export keeps every value exact, and so does a run whose checkpoints are JSONL', async () => {
    const r = recipe('jsonl-out', input, `text_keys: text\nstorage_format: jsonl\nexport:\n  format: jsonl`)
    r.export_path = join(root, 'jsonl-out', 'out.jsonl')
    const { outcome } = await runToEnd(r)
    expect(outcome.status).toBe('completed')
    const text = readFileSync(r.export_path, 'utf8')
    expect(text.split('\n')[0]).toBe(`{"id":${id(0)},"text":${JSON.stringify(BOM + gsm8k[0]!.answer)},"score":0.5,"tags":["${BOM}tag"]}`)
    const p = recipe('jsonl-ckpt', input, 'text_keys: text\nstorage_format: jsonl')
    expect((await runToEnd(p)).outcome.status).toBe('completed')
    expect(await duckdbColumn(p.export_path, 'id')).toEqual(gsm8k.map((_, i) => BigInt(id(i))))
    expect((await duckdbStrings(p.export_path, 'text'))[0]).toBe(BOM + gsm8k[0]!.answer)
    expect((await parquetRows(p.export_path))[3]!.tags).toEqual([`${BOM}tag`])
  })

  it('sieve inspect shows them as they are', async () => {
    const result = await inspectDataset(input)
    const rows = inspectJson(result).rows as Record<string, unknown>[]
    expect(rows[0]).toMatchObject({ id: id(0), text: BOM + gsm8k[0]!.answer, tags: [`${BOM}tag`] })
    // A column of floats and an integer no float holds is shown as the text of each value.
    expect(rows.find((row) => row.id === 5)).toMatchObject({ score: '9007199254740993' })
    expect(formatInspect(result)).toContain(`{"id":${id(0)},"text":"${BOM}`)
  })
})

describe('a JSON array input', () => {
  it('keeps BOM-led strings and 19-digit ids; an invalid UTF-8 byte is one bad record, not a failed partition', async () => {
    const input = join(root, 'values.json')
    const element = (i: number): string => `{"id":${id(i)},"text":${JSON.stringify(BOM + gsm8k[i]!.question)}}`
    writeFileSync(
      input,
      Buffer.concat([
        Buffer.from(`${BOM}[\n${[0, 1, 2].map(element).join(',\n')},\n{"id":3,"text":"caf`),
        Buffer.from([0xe9]),
        Buffer.from(`"},\n${[4, 5].map(element).join(',\n')}\n]\n`)
      ])
    )
    const r = recipe('json-array', input)
    const { outcome } = await runToEnd(r)
    expect(outcome.status).toBe('completed')
    expect(await duckdbColumn(r.export_path, 'id')).toEqual([0, 1, 2, 4, 5].map((i) => BigInt(id(i))))
    expect(await duckdbStrings(r.export_path, 'text')).toEqual([0, 1, 2, 4, 5].map((i) => BOM + gsm8k[i]!.question))
    expect(badRecords(r.work_dir)).toEqual([expect.objectContaining({ row: 4, reason: 'not valid UTF-8 text' })])
  })
})

describe('Parquet and Arrow inputs', () => {
  it.each(['parquet', 'arrow'] as const)(
    '%s: rows around a null text (read as one-row slices) keep their own values, BOM included, through a mapper and a JSONL export',
    async (format) => {
      const texts = gsm8k.slice(0, 12).map((g, i) => (i === 4 ? null : i % 2 === 0 ? `${BOM}${g.question} Copyright 2020 someone` : g.question))
      const table = new Table({
        id: vectorFromArray(
          texts.map((_, i) => BigInt(id(i))),
          new Int64()
        ),
        text: vectorFromArray(texts, new Utf8())
      })
      const input = join(root, `typed.${format}`)
      writeFileSync(input, format === 'parquet' ? encodeParquet(table.batches, table.schema, 'zstd') : encodeArrow(table.batches, table.schema))
      const r = recipeFrom(
        `dataset_path: ${input}\nexport_path: ${join(root, `typed-${format}`, 'out.jsonl')}\nwork_dir: ${join(root, `typed-${format}`, 'work')}\nnp: 1\nexport:\n  format: jsonl\nprocess:\n  - replace_content_mapper: {pattern: ' Copyright 2020 someone', repl: ''}\n`,
        root
      )
      const { outcome } = await runToEnd(r)
      expect(outcome.status).toBe('completed')
      const lines = readFileSync(r.export_path, 'utf8').trimEnd().split('\n')
      const expected = texts.flatMap((t, i) => (t === null ? [] : [`{"id":${id(i)},"text":${JSON.stringify(t)}}`]))
      expect(lines).toEqual(expected.map((l) => l.replace(' Copyright 2020 someone', '')))
    }
  )
})

describe('the Parquet inspector', () => {
  it('shows a column name and a string statistic that start with U+FEFF as they are', async () => {
    const table = new Table({ [`${BOM}name`]: vectorFromArray([`${BOM}a`, `${BOM}b`], new Utf8()) })
    const path = join(root, 'bom-names.parquet')
    writeFileSync(path, encodeParquet(table.batches, table.schema, 'zstd'))
    const info = await inspectParquetFile(path)
    expect(info.columns).toEqual([`${BOM}name`])
    expect(info.rowGroups[0]!.columns[0]!.statistics).toMatchObject({ min: `${BOM}a`, max: `${BOM}b` })
  })
})

describe('non-finite floats', () => {
  it('NaN and ±Infinity from a Parquet input: a JSONL export writes them as strings', async () => {
    const scores = [1.5, NaN, Infinity, -Infinity, 2.5]
    const table = new Table({
      text: vectorFromArray(
        gsm8k.slice(0, 5).map((g) => g.question),
        new Utf8()
      ),
      score: vectorFromArray(scores, new Float64())
    })
    const input = join(root, 'floats.parquet')
    writeFileSync(input, encodeParquet(table.batches, table.schema, 'zstd'))
    const j = recipe('floats-jsonl', input, 'export:\n  format: jsonl')
    j.export_path = join(root, 'floats-jsonl', 'out.jsonl')
    expect((await runToEnd(j)).outcome.status).toBe('completed')
    const written = readFileSync(j.export_path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { score: unknown }).score)
    expect(written).toEqual([1.5, 'NaN', 'Infinity', '-Infinity', 2.5])
  })
})

describe('nesting', () => {
  it('records nested 61 levels run to Parquet; one nested 62 levels is a counted bad record, not a failed partition', async () => {
    const input = join(root, 'nested.jsonl')
    const nest = (levels: number, i: number): string => `{"text":"record ${i}","n":${'{"a":'.repeat(levels - 1)}${i}${'}'.repeat(levels - 1)}}`
    writeFileSync(input, `${[nest(61, 0), nest(61, 1), nest(62, 2), nest(61, 3)].join('\n')}\n`)
    const r = recipe('nested', input)
    const { outcome } = await runToEnd(r)
    expect(outcome.status).toBe('completed')
    expect((await parquetRows(r.export_path)).map((row) => row.text)).toEqual(['record 0', 'record 1', 'record 3'])
    expect(badRecords(r.work_dir)).toEqual([expect.objectContaining({ line: 3, reason: expect.stringMatching(/nested more than 61 levels deep/) })])
  })
})

describe('CSV values round-trip exactly', () => {
  const input = join(root, 'values.csv')
  const field = (t: string): string => `"${t.replace(/"/g, '""')}"`
  const rows = gsm8k.map((g, i) => `${field(i % 2 === 0 ? BOM + g.answer : g.answer)},${id(i)},02130,+15551234560,${i}.25,${field(g.question)}`)
  const invalid = Buffer.from([0x6e, 0x6f, 0x74, 0x20, 0x55, 0x54, 0x46, 0x2d, 0x38, 0x3a, 0x20, 0xe9])
  writeFileSync(
    input,
    Buffer.concat([
      Buffer.from(`${BOM}text,id,zip,phone,score,text\n${rows.slice(0, 12).join('\n')}\n`),
      invalid,
      Buffer.from(`,1,02130,+1,1.5,q\n${rows.slice(12).join('\n')}\n`)
    ])
  )

  it('keeps BOM-led values in every partition, exact ids, zip codes and phone numbers as text, both columns of a repeated name; an invalid byte is one bad record', async () => {
    const r = recipe('csv', input, 'text_keys: text')
    const { outcome } = await runToEnd(r)
    expect(outcome.status).toBe('completed')
    expect(await duckdbStrings(r.export_path, 'text')).toEqual(gsm8k.map((g, i) => (i % 2 === 0 ? BOM + g.answer : g.answer)))
    expect(await duckdbColumn(r.export_path, 'id')).toEqual(gsm8k.map((_, i) => BigInt(id(i))))
    expect(new Set(await duckdbColumn(r.export_path, 'zip'))).toEqual(new Set(['02130']))
    expect(new Set(await duckdbColumn(r.export_path, 'phone'))).toEqual(new Set(['+15551234560']))
    expect(await duckdbColumn(r.export_path, 'text_2')).toEqual(gsm8k.map((g) => g.question))
    const offset = Buffer.byteLength(`${BOM}text,id,zip,phone,score,text\n${rows.slice(0, 12).join('\n')}\n`) + invalid.length - 1
    expect(badRecords(r.work_dir)).toEqual([
      expect.objectContaining({ file: input, line: expect.any(Number), offset, reason: expect.stringMatching(/^not valid UTF-8 text/) })
    ])
  })

  it('inspect names and types the columns as the run does', async () => {
    const result = await inspectDataset(input)
    expect(result.schema.map((c) => `${c.name}:${c.type}`)).toEqual([
      'text:Utf8',
      'id:Int64',
      'zip:Utf8',
      'phone:Utf8',
      'score:Float64',
      'text_2:Utf8'
    ])
    expect(inspectJson(result).rows).toContainEqual(expect.objectContaining({ text: BOM + gsm8k[0]!.answer, id: id(0), zip: '02130' }))
  })
})
