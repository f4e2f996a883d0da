import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { tableFromIPC } from 'apache-arrow'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { duckdbColumn, duckdbReadAll } from '../testing-duckdb'
import { makeCorpus, recipeFrom, runToEnd } from './testing-jobs'
import { exportResults } from './export-task'
import { readManifest } from './manifest'
import { readLayout } from '../parquet/merge'

async function duckdbJsonRows(path: string): Promise<number> {
  const db = await DuckDBInstance.create(':memory:')
  const reader = await (await db.connect()).runAndReadAll(`SELECT count(*) FROM read_json('${path}', format = 'newline_delimited')`)
  return Number(reader.getRows()[0]![0])
}

const scratch = scratchDir('export-size')
const root = scratch.path
let corpus = ''
let ids: number[] = []
const LIMIT_MB = 0.1
const LIMIT = LIMIT_MB * (1 << 20)

beforeAll(() => {
  corpus = makeCorpus(join(root, 'corpus.jsonl'), 1500, 5)
  ids = readFileSync(corpus, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => (JSON.parse(l) as { id: number }).id)
})
afterAll(() => scratch.remove())

async function exportWith(
  name: string,
  exportFile: string,
  exportKeys: string
): Promise<{ files: { path: string; rows: number; bytes: number }[]; folder: string }> {
  const recipe = recipeFrom(
    `dataset_path: ${corpus}
export_path: ${join(root, name, exportFile)}
work_dir: ${join(root, name, 'work')}
np: 2
partition_size: 500
export: {max_file_size_mb: ${LIMIT_MB}${exportKeys}}
process:
  - whitespace_normalization_mapper:
`,
    root
  )
  const { outcome } = await runToEnd(recipe)
  expect(outcome.status, outcome.message).toBe('completed')
  return { files: outcome.exportFiles, folder: join(root, name, exportFile.replace(/\..*$/, '')) }
}

/** Each shard within the limit, and full enough that twice the limit would have put more in it than the limit allows. */
function expectBounded(files: { path: string; bytes: number }[]): void {
  expect(files.length).toBeGreaterThan(3)
  for (const f of files) {
    expect(statSync(f.path).size).toBe(f.bytes)
    expect(f.bytes, f.path).toBeLessThanOrEqual(LIMIT)
  }
  for (const f of files.slice(0, -1)) expect(f.bytes, f.path).toBeGreaterThan(LIMIT / 2)
}

describe('export.max_file_size_mb is a real bound', () => {
  it('Parquet: a partition’s result is split into shards of at most the limit; every row, in order, reads in DuckDB', async () => {
    const { files, folder } = await exportWith('parquet', 'out.parquet', '')
    expectBounded(files)
    // Each partition's result (about 1 MB of text) was larger than the limit: its rows went into several shards.
    expect(files.length).toBeGreaterThan(3 * 2)
    const read: number[] = []
    for (const f of files) {
      await duckdbReadAll(f.path)
      const column = (await duckdbColumn(f.path, 'id')).map(Number)
      expect(column).toHaveLength(f.rows)
      read.push(...column)
      const layout = await readLayout(f.path, { fields: new WeakMap(), elements: new WeakMap() })
      expect(layout.rowGroups.length).toBeGreaterThan(0)
    }
    expect(read).toEqual(ids)
    expect(readdirSync(folder).sort()).toEqual(files.map((f) => f.path.split('/').pop()).sort())
  })

  it('JSONL, plain and gzip: shards of at most the limit, every line once, in order', async () => {
    for (const compression of ['none', 'gzip']) {
      const { files } = await exportWith(`jsonl-${compression}`, 'out.jsonl', `, compression: ${compression}`)
      expectBounded(files)
      const read: number[] = []
      for (const f of files) {
        const bytes = readFileSync(f.path)
        const lines = (compression === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8').trimEnd().split('\n')
        expect(lines).toHaveLength(f.rows)
        read.push(...lines.map((l) => (JSON.parse(l) as { id: number }).id))
        if (compression === 'gzip') expect(f.path).toMatch(/\.jsonl\.gz$/)
      }
      expect(read).toEqual(ids)
      // An independent reader agrees (a gzip shard is several gzip members, which is one gzip file).
      for (const f of files) expect(await duckdbJsonRows(f.path)).toBe(f.rows)
    }
  })

  it('Arrow IPC: shards of at most the limit, each a whole Arrow file', async () => {
    const { files } = await exportWith('arrow', 'out.arrow', '')
    expectBounded(files)
    const read: number[] = []
    for (const f of files) {
      const table = tableFromIPC(readFileSync(f.path))
      expect(table.numRows).toBe(f.rows)
      read.push(...Array.from(table.getChild('id')!.toArray() as ArrayLike<bigint>, Number))
    }
    expect(read).toEqual(ids)
  })

  it('shard_template names the shards, within the same bound', async () => {
    const { files, folder } = await exportWith('template', 'out.parquet', ", shard_template: 'chunk-${shard:03}'")
    expectBounded(files)
    expect(readdirSync(folder).sort()).toEqual(files.map((_, i) => `chunk-${String(i).padStart(3, '0')}.parquet`))
    expect(files.reduce((n, f) => n + f.rows, 0)).toBe(ids.length)
  })
})

/** tmpfs here, while the work directory is on the disk of the system's temp folder. */
const OTHER_FS = '/dev/shm'
const otherFileSystem = ((): boolean => {
  try {
    return statSync(OTHER_FS).dev !== statSync(tmpdir()).dev
  } catch {
    return false
  }
})()

describe('the export at its end', () => {
  it.skipIf(!otherFileSystem)('an export on another file system than the work directory is published (copied there, then renamed)', async () => {
    const elsewhere = mkdtempSync(join(OTHER_FS, 'sieve-exdev-'))
    try {
      for (const [exportFile, keys] of [
        ['out.parquet', ''],
        ['out.jsonl', 'export: {max_file_size_mb: 0.5}']
      ] as const) {
        const recipe = recipeFrom(
          `dataset_path: ${corpus}\nexport_path: ${join(elsewhere, exportFile)}\nwork_dir: ${join(root, `exdev-${exportFile}`, 'work')}\nnp: 2\npartition_size: 500\n${keys}\nprocess:\n  - whitespace_normalization_mapper:\n`,
          root
        )
        // What a copy that a crash interrupted leaves beside the file; someone's file of a similar name stays.
        if (exportFile === 'out.parquet') {
          writeFileSync(join(elsewhere, '.out.parquet.0123456789abcdef.part'), 'half a copy')
          writeFileSync(join(elsewhere, '.out.parquet.mine.part'), 'mine')
        }
        const { outcome } = await runToEnd(recipe)
        expect(outcome.status, outcome.message).toBe('completed')
        expect(outcome.exportFiles.reduce((n, f) => n + f.rows, 0)).toBe(ids.length)
        for (const f of outcome.exportFiles) expect(statSync(f.path).size).toBe(f.bytes)
        if (exportFile === 'out.parquet') expect((await duckdbColumn(recipe.export_path, 'id')).map(Number)).toEqual(ids)
        // Nothing of the copy is left beside the export.
        const names = readdirSync(elsewhere, { recursive: true }) as string[]
        expect(names.filter((n) => n.endsWith('.part'))).toEqual(['.out.parquet.mine.part'])
      }
    } finally {
      rmSync(elsewhere, { recursive: true, force: true })
    }
  })

  it('a sharded JSONL or Arrow export whose first partition is left empty by a filter', async () => {
    const input = join(root, 'first-empty.jsonl')
    writeFileSync(
      input,
      Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: i, text: i < 10 ? 'x' : `document ${i} long enough to keep` })).join('\n')
    )
    for (const exportFile of ['out.jsonl', 'out.arrow']) {
      const recipe = recipeFrom(
        `dataset_path: ${input}\nexport_path: ${join(root, 'first-empty', exportFile)}\nwork_dir: ${join(root, 'first-empty', `work-${exportFile}`)}\nnp: 1\npartition_size: 10\nexport: {max_file_size_mb: 0.001}\nprocess:\n  - text_length_filter: {min_len: 5}\n`,
        root
      )
      const { outcome } = await runToEnd(recipe)
      expect(outcome.status, outcome.message).toBe('completed')
      expect(outcome.exportFiles.reduce((n, f) => n + f.rows, 0)).toBe(30)
      // Within the limit, unless one row alone is larger.
      for (const f of outcome.exportFiles) if (f.rows > 1) expect(f.bytes, f.path).toBeLessThanOrEqual(0.001 * (1 << 20))
    }
  })

  it('publishes nothing when the rows written differ from the rows the results hold', async () => {
    const workDir = join(root, 'parquet', 'work')
    const manifest = (await readManifest(join(workDir, 'metadata', 'manifest.json')))!
    const results = manifest.partitions.map((p) => p.result!)
    results[1] = { ...results[1]!, rows: results[1]!.rows + 1 }
    const exportPath = join(root, 'miscounted', 'out.parquet')
    const attempt = exportResults({
      workDir,
      exportPath,
      export: { format: 'parquet', compression: 'zstd', max_file_size_mb: LIMIT_MB, shard_template: 'part-${shard}' },
      results,
      earlier: [],
      overwrite: false
    })
    await expect(attempt).rejects.toThrow(/holds 1500 rows where the results hold 1501; nothing was published/)
    expect(statSync(join(root, 'miscounted'), { throwIfNoEntry: false })).toBeUndefined()
    expect(readdirSync(join(workDir, 'temp'))).toEqual([])
  })
})
