import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Recipe } from '../../shared/recipe'
import { tableFromArrays } from 'apache-arrow'
import { readBatches } from '../io/read-file'
import { encodeParquet } from '../io/write'
import { scratchDir } from '../testing'
import { shardName } from './export-path'
import { exportResults } from './export-task'
import type { FileRecord } from './manifest'
import { DEFAULT_SHARD_TEMPLATE } from './recipe'
import { makeCorpus, recipeFrom, runToEnd } from './testing-jobs'

// The export runs in this process (not the engine worker), so mutation testing sees it run.
const scratch = scratchDir('export-task')
const work = join(scratch.path, 'work')
let results: FileRecord[] = []
let totalRows = 0
afterAll(() => scratch.remove())

beforeAll(async () => {
  const corpus = makeCorpus(join(scratch.path, 'corpus.jsonl'), 900)
  const recipe = recipeFrom(
    `dataset_path: ${corpus}\nexport_path: ${join(scratch.path, 'job-out.parquet')}\nwork_dir: ${work}\npartition_size: 300\nprocess:\n  - text_length_filter: {min_len: 20}\n`,
    scratch.path
  )
  await runToEnd(recipe)
  const manifest = JSON.parse(readFileSync(join(work, 'metadata', 'manifest.json'), 'utf8')) as { partitions: { result: FileRecord }[] }
  results = manifest.partitions.map((p) => p.result)
  totalRows = results.reduce((n, r) => n + r.rows, 0)
})

const exportOf = (over: Partial<Recipe['export']>): Recipe['export'] =>
  ({ format: 'parquet', compression: 'zstd', max_file_size_mb: 0, shard_template: DEFAULT_SHARD_TEMPLATE, ...over }) as Recipe['export']

async function rowsIn(records: FileRecord[], format: 'parquet' | 'jsonl'): Promise<number> {
  let n = 0
  for (const r of records) {
    if (format === 'jsonl')
      n += readFileSync(r.path, 'utf8')
        .split('\n')
        .filter((line) => line !== '').length
    else for (const b of await readBatches(r.path, 'parquet')) n += b.numRows
  }
  return n
}

function checkRecords(records: FileRecord[]): void {
  for (const r of records) {
    const bytes = readFileSync(r.path)
    expect(r.bytes).toBe(bytes.length)
    expect(r.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
  }
}

describe('shardName', () => {
  it('fills ${shard} and ${num_shards}, padded to a width when one is given', () => {
    expect(shardName(DEFAULT_SHARD_TEMPLATE, 3, 12)).toBe('part-00003-of-00012')
    expect(shardName('s${shard}-${num_shards}', 3, 12)).toBe('s3-12')
    expect(shardName('s${shard:2}.parquet', 123, 1)).toBe('s123.parquet')
    expect(shardName('${other}', 1, 1)).toBe('${other}')
  })
})

describe('exportResults', () => {
  it('without a size limit: one file at the export path with every row, its record true to its bytes', async () => {
    expect(results.length).toBe(3)
    const exportPath = join(scratch.path, 'one', 'out.parquet')
    const records = await exportResults({ earlier: [], overwrite: false, workDir: work, exportPath, export: exportOf({}), results })
    expect(records.map((r) => [r.path, r.rows])).toEqual([[exportPath, totalRows]])
    checkRecords(records)
    expect(await rowsIn(records, 'parquet')).toBe(totalRows)
    expect(readdirSync(join(work, 'temp'))).toEqual([])
  })

  it('with a limit no row group fits: rows encoded again, one per shard, named by the template in a folder named after the output', async () => {
    const exportPath = join(scratch.path, 'sharded', 'out.parquet')
    const folder = join(scratch.path, 'sharded', 'out')
    const records = await exportResults({
      earlier: [],
      overwrite: false,
      workDir: work,
      exportPath,
      export: exportOf({ max_file_size_mb: 1e-6 }),
      results
    })
    const n = String(totalRows).padStart(5, '0')
    expect(records.map((r) => r.path)).toEqual(records.map((_, i) => join(folder, `part-${String(i).padStart(5, '0')}-of-${n}.parquet`)))
    expect(records.every((r) => r.rows === 1)).toBe(true)
    checkRecords(records)
    expect(await rowsIn(records, 'parquet')).toBe(totalRows)
  })

  it('overwriting: stale shards of the template go, other files in the folder stay; without it they stay too', async () => {
    const exportPath = join(scratch.path, 'stale', 'out.parquet')
    const folder = join(scratch.path, 'stale', 'out')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'part-00007-of-00009.parquet'), 'stale')
    writeFileSync(join(folder, 'notes.txt'), 'mine')
    writeFileSync(join(folder, 'part-1.parquet'), 'not the template')
    const kept = await exportResults({
      earlier: [],
      overwrite: false,
      workDir: work,
      exportPath,
      export: exportOf({ max_file_size_mb: 100 }),
      results
    })
    expect(readdirSync(folder).sort()).toEqual(['notes.txt', 'part-00000-of-00001.parquet', 'part-00007-of-00009.parquet', 'part-1.parquet'])
    expect(kept.map((r) => r.rows)).toEqual([totalRows])
    await exportResults({ earlier: [], overwrite: true, workDir: work, exportPath, export: exportOf({ max_file_size_mb: 100 }), results })
    expect(readdirSync(folder).sort()).toEqual(['notes.txt', 'part-00000-of-00001.parquet', 'part-1.parquet'])
  })

  it('a file that is not an earlier export of this job is not replaced unless overwriting; one with the very bytes is', async () => {
    const exportPath = join(scratch.path, 'foreign', 'out.parquet')
    mkdirSync(join(scratch.path, 'foreign'), { recursive: true })
    writeFileSync(exportPath, "the user's own file")
    const input = { earlier: [], overwrite: false, workDir: work, exportPath, export: exportOf({}), results }
    await expect(exportResults(input)).rejects.toThrow('is not an earlier export of this job')
    expect(readFileSync(exportPath, 'utf8')).toBe("the user's own file")
    expect(readdirSync(join(work, 'temp'))).toEqual([])
    await exportResults({ ...input, earlier: [exportPath] })
    const again = await exportResults(input)
    expect(again.map((r) => r.rows)).toEqual([totalRows])
  })

  it('a limit that holds every row group: one shard', async () => {
    const exportPath = join(scratch.path, 'roomy', 'out.parquet')
    const records = await exportResults({
      earlier: [],
      overwrite: false,
      workDir: work,
      exportPath,
      export: exportOf({ max_file_size_mb: 100 }),
      results
    })
    expect(records.map((r) => [r.path, r.rows])).toEqual([[join(scratch.path, 'roomy', 'out', 'part-00000-of-00001.parquet'), totalRows]])
  })

  it('JSONL is re-encoded, sharded by in-memory size, the extension added to a template without one', async () => {
    const exportPath = join(scratch.path, 'lines', 'out.jsonl')
    const one = await exportResults({
      earlier: [],
      overwrite: false,
      workDir: work,
      exportPath,
      export: exportOf({ format: 'jsonl', compression: 'none' }),
      results
    })
    expect(one.map((r) => [r.path, r.rows])).toEqual([[exportPath, totalRows]])
    checkRecords(one)
    expect(readFileSync(exportPath, 'utf8').trim().split('\n').length).toBe(totalRows)
    const sharded = await exportResults({
      earlier: [],
      overwrite: false,
      workDir: work,
      exportPath,
      export: exportOf({ format: 'jsonl', compression: 'none', max_file_size_mb: 1e-6, shard_template: 's${shard}' }),
      results
    })
    expect(sharded.length).toBeGreaterThan(1)
    expect(sharded.every((r) => r.rows > 0 && r.path.endsWith('.jsonl'))).toBe(true)
    expect(sharded.reduce((n, r) => n + r.rows, 0)).toBe(totalRows)
    expect(await rowsIn(sharded, 'jsonl')).toBe(totalRows)
    expect(sharded[0]!.path).toBe(join(scratch.path, 'lines', 'out', 's0.jsonl'))
  })

  it('JSONL: rows of very uneven size still give shards within the limit (a piece over it is split before it is placed)', async () => {
    const texts = [...Array.from({ length: 900 }, (_, i) => `short ${i}`), ...Array.from({ length: 100 }, (_, i) => `${i} ${'x'.repeat(2000)}`)]
    const table = tableFromArrays({ text: texts })
    mkdirSync(join(work, 'uneven'), { recursive: true })
    const bytes = encodeParquet(table.batches, table.schema, 'none')
    writeFileSync(join(work, 'uneven', 'r.parquet'), bytes)
    const result: FileRecord = {
      path: 'uneven/r.parquet',
      rows: texts.length,
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex')
    }
    const limit = 0.01 * (1 << 20)
    const exportPath = join(scratch.path, 'uneven', 'out.jsonl')
    const records = await exportResults({
      earlier: [],
      overwrite: false,
      workDir: work,
      exportPath,
      export: exportOf({ format: 'jsonl', compression: 'none', max_file_size_mb: 0.01 }),
      results: [result]
    })
    for (const r of records) expect(r.bytes, r.path).toBeLessThanOrEqual(limit)
    const lines = records.flatMap((r) => readFileSync(r.path, 'utf8').trimEnd().split('\n'))
    expect(lines.map((l) => (JSON.parse(l) as { text: string }).text)).toEqual(texts)
  })

  it('no results: nothing to export', async () => {
    await expect(
      exportResults({
        earlier: [],
        overwrite: false,
        workDir: work,
        exportPath: join(scratch.path, 'none.jsonl'),
        export: exportOf({ format: 'jsonl' }),
        results: []
      })
    ).rejects.toThrow('there are no results to export')
  })
})
