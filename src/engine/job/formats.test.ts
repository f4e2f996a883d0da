import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { tableFromIPC } from 'apache-arrow'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COSQA, GSM8K, scratchDir } from '../testing'
import { duckdbCodecs, duckdbColumn, duckdbReadAll } from '../testing-duckdb'
import { makeCorpus, namedRecipe, parquetRows, runToEnd } from './testing-jobs'
import type { Recipe } from '../../shared/recipe'
import { readManifest } from './manifest'

const scratch = scratchDir('formats')
const root = scratch.path
let corpus = ''
const gsm8k = readFileSync(GSM8K, 'utf8')
  .trimEnd()
  .split('\n')
  .map((l) => JSON.parse(l) as { question: string; answer: string })

beforeAll(() => {
  corpus = makeCorpus(join(root, 'corpus.jsonl'), 5000, 11)
})
afterAll(() => scratch.remove())

const recipe = (name: string, dataset: string, extra = '', ops = '  - whitespace_normalization_mapper:\n'): Recipe =>
  namedRecipe(root, name, dataset, extra, ops)

describe('inputs', () => {
  it('Parquet (pyarrow export): partitions by rows; struct columns survive', async () => {
    const r = recipe(
      'parquet-in',
      COSQA,
      'text_keys: text\npartition_size: 5000\nkeep_stats_in_res_ds: true',
      '  - text_length_filter: {min_len: 1}\n'
    )
    const { outcome } = await runToEnd(r)
    expect(outcome.status).toBe('completed')
    const plan = JSON.parse(readFileSync(join(r.work_dir, 'metadata', 'dataset_mapping.json'), 'utf8')) as {
      partitions: { slice: { groups: number[]; count: number } }[]
    }
    expect(plan.partitions.map((p) => [p.slice.groups.length, p.slice.count])).toEqual([
      [5, 5000],
      [5, 5000],
      [5, 5000],
      [5, 5000],
      [1, 604]
    ])
    // The filter keeps every row: DuckDB reads back every value of every input column unchanged.
    const input = await duckdbReadAll(COSQA)
    const output = await duckdbReadAll(r.export_path)
    expect(output.rows).toBe(input.rows)
    expect(output.hashes).toMatchObject(input.hashes)
    const rows = await parquetRows(r.export_path)
    expect(rows[0]).toMatchObject({ meta_information: { dummy_field: expect.any(String) }, __dj__stats__: { text_len: expect.any(Number) } })
    expect(await duckdbColumn(r.export_path, '_id')).toEqual(await duckdbColumn(COSQA, '_id'))
  })

  it('CSV with quoted newlines, split into partitions at record boundaries', async () => {
    const field = (t: string): string => `"${t.replace(/"/g, '""')}"`
    const csv = join(root, 'gsm8k.csv')
    writeFileSync(csv, `question,answer\r\n${gsm8k.map((r) => `${field(r.question)},${field(r.answer)}`).join('\r\n')}\r\n`)
    const r = recipe('csv-in', csv, 'text_keys: answer\npartition_size: 2000')
    const { outcome } = await runToEnd(r)
    expect(outcome.status).toBe('completed')
    const rows = await parquetRows(r.export_path)
    expect(rows).toHaveLength(7473)
    expect(rows[7472]).toEqual({ question: gsm8k[7472]!.question, answer: gsm8k[7472]!.answer.trim() })
  })

  it('gzip and zstd JSONL give the same rows as the plain file', async () => {
    writeFileSync(join(root, 'corpus.jsonl.gz'), gzipSync(readFileSync(corpus)))
    execFileSync('zstd', ['-q', '-f', corpus, '-o', join(root, 'corpus.jsonl.zst')])
    const plain = recipe('plain', corpus, 'partition_size: 1500')
    await runToEnd(plain)
    const expected = await parquetRows(plain.export_path)
    for (const ext of ['gz', 'zst']) {
      const r = recipe(`compressed-${ext}`, `${corpus}.${ext}`, 'partition_size: 1500')
      const { outcome } = await runToEnd(r)
      expect(outcome.status).toBe('completed')
      expect(await parquetRows(r.export_path)).toEqual(expected)
    }
  })

  it('a folder and a glob: files in name order, as one dataset', async () => {
    const folder = join(root, 'parts')
    mkdirSync(folder, { recursive: true })
    const lines = readFileSync(corpus, 'utf8').trimEnd().split('\n')
    writeFileSync(join(folder, 'b.jsonl'), lines.slice(100, 200).join('\n'))
    writeFileSync(join(folder, 'a.jsonl'), lines.slice(0, 100).join('\n'))
    writeFileSync(join(folder, 'notes.log'), 'not data')
    const byFolder = recipe('folder-in', folder)
    await runToEnd(byFolder)
    const ids = (await parquetRows(byFolder.export_path)).map((r) => r.id)
    expect(ids).toEqual(Array.from({ length: 200 }, (_, i) => i))
    const byGlob = recipe('glob-in', join(folder, '*.jsonl'))
    await runToEnd(byGlob)
    expect((await parquetRows(byGlob.export_path)).map((r) => r.id)).toEqual(ids)
  })
})

describe('outputs', () => {
  it.each([
    ['snappy', 'SNAPPY'],
    ['gzip', 'GZIP'],
    ['brotli', 'BROTLI'],
    ['lz4', 'LZ4_RAW'],
    ['none', 'UNCOMPRESSED'],
    ['zstd', 'ZSTD']
  ])('Parquet export with %s: every column chunk is %s, and DuckDB reads every value', async (codec, written) => {
    const r = recipe(`codec-${codec}`, corpus, `partition_size: 2500\nexport: {compression: ${codec}}`)
    await runToEnd(r)
    expect(new Set(await duckdbCodecs(r.export_path))).toEqual(new Set([written]))
    expect((await duckdbReadAll(r.export_path)).rows).toBe(5000)
  })

  it('JSONL, JSONL.gz and Arrow exports hold the same rows', async () => {
    const parquet = recipe('export-parquet', corpus, 'partition_size: 1500')
    await runToEnd(parquet)
    const expected = await parquetRows(parquet.export_path)
    for (const [format, file, compression] of [
      ['jsonl', 'out.jsonl', 'none'],
      ['jsonl', 'out.jsonl.gz', 'gzip'],
      ['arrow', 'out.arrow', 'none']
    ] as const) {
      const r = recipe(`export-${file}`, corpus, `partition_size: 1500\nexport: {format: ${format}, compression: ${compression}}`)
      r.export_path = join(root, `export-${file}`, file)
      await runToEnd(r)
      const bytes = readFileSync(r.export_path)
      if (format === 'arrow') expect(tableFromIPC(bytes).numRows).toBe(expected.length)
      else {
        const text = (compression === 'gzip' ? gunzipSync(bytes) : bytes).toString('utf8').trimEnd().split('\n')
        expect(text.map((l) => JSON.parse(l) as unknown)).toEqual(expected)
      }
    }
  })

  it.each(['arrow', 'jsonl'])('%s checkpoints resume to the same rows', async (format) => {
    // The mapper rewrites nearly every row, so its checkpoint holds them all rather than a delta of its changes.
    const ops =
      "  - replace_content_mapper: {pattern: 'e', repl: 'E'}\n  - text_length_filter: {min_len: 40}\n  - document_deduplicator:\n  - text_length_filter: {min_len: 45}\n"
    const base = recipe(`cp-ref-${format}`, corpus, 'partition_size: 1000', ops)
    await runToEnd(base)
    const r = recipe(
      `cp-${format}`,
      corpus,
      `partition_size: 1000\nmax_retries: 0\ncheckpointing: {storage_format: ${format}}\npreserve_intermediate_data: true`,
      ops
    )
    process.env.SIEVE_FAILPOINTS = JSON.stringify([
      { op: 'document_deduplicator', partition: 2, times: -1, state_dir: join(root, `cp-${format}`, 'fp') }
    ])
    const first = await runToEnd(r)
    delete process.env.SIEVE_FAILPOINTS
    expect(first.outcome.status).toBe('completed_with_failures')
    // The mapper's checkpoint holds the rows in the chosen format; the filter's after it is a delta over it.
    expect(readdirSync(join(r.work_dir, 'checkpoints', 'partition_000002'))).toEqual(
      expect.arrayContaining([`op_000_replace_content_mapper.${format}`, 'op_001_text_length_filter.parquet'])
    )
    // Over a full checkpoint, the deduplicator's keys are a delta: every row with its key.
    const manifest = (await readManifest(join(r.work_dir, 'metadata', 'manifest.json')))!
    const keys = manifest.partitions[0]!.checkpoints.find((c) => c.op_name === 'document_deduplicator')!
    expect(keys).toMatchObject({ base_op: 1, rows: manifest.partitions[0]!.checkpoints.find((c) => c.op_index === 1)!.rows })
    expect((await duckdbReadAll(join(r.work_dir, keys.path))).rows).toBe(keys.rows)
    const second = await runToEnd(r, { resume: true })
    expect(second.events.find((e) => e.event_type === 'checkpoint_load' && e.partition_id === 2)?.message).toBe(
      'partition 2 resumes after text_length_filter'
    )
    expect(await parquetRows(r.export_path)).toEqual(await parquetRows(base.export_path))
  })
})

describe('event log', () => {
  it('has the events of reference/001 and rotates at max_log_size_mb keeping backup_count files', async () => {
    const r = recipe('events', corpus, 'partition_size: 500\nevent_logging: {log_level: DEBUG, max_log_size_mb: 0.004, backup_count: 2}')
    await runToEnd(r)
    const logs = readdirSync(join(r.work_dir, 'logs'))
      .filter((f) => f.startsWith('processing_events'))
      .sort()
    expect(logs).toEqual(['processing_events.jsonl', 'processing_events.jsonl.1', 'processing_events.jsonl.2'])
    for (const f of logs) expect(statSync(join(r.work_dir, 'logs', f)).size).toBeLessThanOrEqual(0.004 * (1 << 20))
    const last = readFileSync(join(r.work_dir, 'logs', 'processing_events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(last.at(-1)).toMatchObject({ event_type: 'job_complete', level: 'INFO', job_id: expect.any(String), timestamp: expect.any(Number) })
    const metrics = JSON.parse(readFileSync(join(r.work_dir, 'logs', 'performance_metrics.json'), 'utf8')) as Record<string, unknown>
    expect(metrics).toMatchObject({
      peak_rss_mb: expect.any(Number),
      operations: [expect.objectContaining({ name: 'whitespace_normalization_mapper', rows_per_s: expect.any(Number) })]
    })
    expect(existsSync(join(r.work_dir, 'metadata', 'final_mapping_report.json'))).toBe(true)
  })

  it('log_level WARNING writes every warning and error of the run to the event log, and no INFO event', async () => {
    // Bad records (WARNING) and an operator that throws once (ERROR, then a WARNING retry).
    const dirty = join(root, 'dirty.jsonl')
    writeFileSync(dirty, `${readFileSync(corpus, 'utf8').split('\n').slice(0, 1000).join('\n')}\n{not json\n`)
    const r = recipe('quiet', dirty, 'partition_size: 500\nevent_logging: {log_level: WARNING}')
    process.env.SIEVE_FAILPOINTS = JSON.stringify([
      { op: 'whitespace_normalization_mapper', partition: 0, times: 1, state_dir: join(root, 'quiet', 'fp') }
    ])
    const { outcome, events } = await runToEnd(r)
    delete process.env.SIEVE_FAILPOINTS
    expect(outcome.status).toBe('completed')
    const logged = readFileSync(join(r.work_dir, 'logs', 'processing_events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event_type: string; level: string; message: string })
    expect(new Set(logged.map((e) => e.level))).toEqual(new Set(['WARNING', 'ERROR']))
    expect(logged.map((e) => e.event_type)).toEqual(expect.arrayContaining(['bad_records', 'partition_failed', 'partition_retry']))
    // The listeners saw INFO events too: the level filter, not a quiet run, kept them out of the file.
    expect(events.filter((e) => e.level === 'INFO').length).toBeGreaterThan(10)
    const warningsAndErrors = events.filter((e) => e.level === 'WARNING' || e.level === 'ERROR')
    expect(logged.map((e) => [e.event_type, e.message])).toEqual(warningsAndErrors.map((e) => [e.event_type, e.message]))
  })
})
