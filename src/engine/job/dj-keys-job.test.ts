import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createHash, randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { duckdbColumn } from '../testing-duckdb'
import '../ops/testing-throw-op'
import { Job } from './job'
import { readManifest } from './manifest'
import { parquetRows, recipeFrom } from './testing-jobs'

const THROW_WORKER = join(__dirname, '..', 'testing-throw-worker.cjs')
const scratch = scratchDir('dj-keys-job')
afterAll(() => scratch.remove())
const root = scratch.path

function jsonl(path: string, texts: string[]): string {
  mkdirSync(join(path, '..'), { recursive: true })
  writeFileSync(path, texts.map((text, id) => JSON.stringify({ id, text, title: `title ${id}` })).join('\n') + '\n')
  return path
}

const lines = (path: string): Record<string, unknown>[] =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)

async function run(name: string, yaml: string): Promise<{ status: string; workDir: string; exportPath: string; files: { path: string }[] }> {
  const recipe = recipeFrom(`export_path: ${join(root, name, 'out.jsonl')}\nwork_dir: ${join(root, name, 'work')}\nnp: 1\n${yaml}`, root)
  const job = await Job.create(recipe, { workerPath: THROW_WORKER })
  const outcome = await job.run()
  return { status: outcome.status, workDir: recipe.work_dir, exportPath: recipe.export_path, files: outcome.exportFiles }
}

const TEXTS = ['one fine row', 'two BOOM row', 'three fine rows', 'four fine', 'BOOM five', 'six is fine here']

describe("Data-Juicer's keys in a job", () => {
  it('skip_op_error (the default): rows an operator throws on are bad records in errors/, with their reason; the job completes', async () => {
    const input = jsonl(join(root, 'in', 'a.jsonl'), TEXTS)
    const { status, workDir, exportPath } = await run(
      'skip',
      `dataset_path: ${input}\nprocess:\n  - testing_throw_mapper:\n  - text_length_filter: {min_len: 5}\n`
    )
    expect(status).toBe('completed')
    expect(lines(exportPath).map((r) => r.text)).toEqual(['ONE FINE ROW', 'THREE FINE ROWS', 'FOUR FINE', 'SIX IS FINE HERE'])
    const errors = lines(join(workDir, 'errors', 'partition_000000_op_000_testing_throw_mapper.jsonl'))
    expect(errors.map((e) => [e.id, e.text, e.__sieve_error__])).toEqual([
      [1, 'two BOOM row', "testing_throw_mapper failed on this row: cannot take 'BOOM'"],
      [4, 'BOOM five', "testing_throw_mapper failed on this row: cannot take 'BOOM'"]
    ])
    const manifest = (await readManifest(join(workDir, 'metadata', 'manifest.json')))!
    expect(manifest.partitions[0]!.bad_records).toBe(2)
    expect(manifest.partitions[0]!.op_errors!.map((r) => [r.path, r.rows])).toEqual([
      ['errors/partition_000000_op_000_testing_throw_mapper.jsonl', 2]
    ])
    const events = readFileSync(join(workDir, 'logs', 'processing_events.jsonl'), 'utf8')
    expect(events).toMatch(
      /"partition 0: 2 row\(s\) made an operator fail \(skip_op_error\); they are in errors\/partition_000000_op_000_testing_throw_mapper\.jsonl with the error"/
    )
    const summary = JSON.parse(readFileSync(join(workDir, 'logs', 'processing_summary.json'), 'utf8')) as { bad_records: number }
    expect(summary.bad_records).toBe(2)
  })

  it('skip_op_error: false fails the partition, as before', async () => {
    const input = jsonl(join(root, 'in', 'a.jsonl'), TEXTS)
    const { status } = await run('fail', `dataset_path: ${input}\nskip_op_error: false\nmax_retries: 0\nprocess:\n  - testing_throw_mapper:\n`)
    expect(status).toBe('completed_with_failures')
  })

  it('open_tracer keeps up to trace_num changed or dropped rows per operator in trace/, listed in the manifest', async () => {
    const input = jsonl(join(root, 'in', 'a.jsonl'), TEXTS)
    const { workDir } = await run(
      'trace',
      `dataset_path: ${input}\nopen_tracer: true\ntrace_num: 2\nprocess:\n  - testing_throw_mapper: {marker: never}\n  - text_length_filter: {min_len: 12}\n  - whitespace_normalization_mapper:\n`
    )
    const mapper = lines(join(workDir, 'trace', 'partition_000000', 'op_000_testing_throw_mapper.jsonl'))
    expect(mapper).toEqual([
      { id: 0, text: 'ONE FINE ROW', title: 'title 0', __sieve_before__: 'one fine row' },
      { id: 1, text: 'TWO BOOM ROW', title: 'title 1', __sieve_before__: 'two BOOM row' }
    ])
    const filter = lines(join(workDir, 'trace', 'partition_000000', 'op_001_text_length_filter.jsonl'))
    expect(filter.map((r) => [r.text, r.__sieve_reason__])).toEqual([
      ['FOUR FINE', 'text_len 9 < min_len 12'],
      ['BOOM FIVE', 'text_len 9 < min_len 12']
    ])
    // An operator that changed nothing leaves no trace.
    expect(existsSync(join(workDir, 'trace', 'partition_000000', 'op_002_whitespace_normalization_mapper.jsonl'))).toBe(false)
    const manifest = (await readManifest(join(workDir, 'metadata', 'manifest.json')))!
    expect(manifest.partitions[0]!.trace!.map((r) => r.path).sort()).toEqual([
      'trace/partition_000000/op_000_testing_throw_mapper.jsonl',
      'trace/partition_000000/op_001_text_length_filter.jsonl'
    ])
    expect(readdirSync(join(workDir, 'temp'))).toEqual([])
  })

  it('open_tracer: trace_num counts over the whole job, as in Data-Juicer: trace/op_NNN_<op>.jsonl holds the first rows of the partitions in order', async () => {
    const input = jsonl(join(root, 'in', 'a.jsonl'), TEXTS)
    const { workDir } = await run(
      'trace-job',
      `dataset_path: ${input}\nopen_tracer: true\ntrace_num: 3\npartition: {mode: manual, size: 2}\nprocess:\n  - testing_throw_mapper: {marker: never}\n`
    )
    const manifest = (await readManifest(join(workDir, 'metadata', 'manifest.json')))!
    expect(manifest.partitions.map((p) => p.trace!.map((r) => r.rows))).toEqual([[2], [2], [2]])
    const traced = lines(join(workDir, 'trace', 'op_000_testing_throw_mapper.jsonl'))
    expect(traced.map((r) => [r.id, r.__sieve_before__])).toEqual([
      [0, 'one fine row'],
      [1, 'two BOOM row'],
      [2, 'three fine rows']
    ])
  })

  it('open_tracer: a mapper that fails on some rows (skip_op_error) is still traced, the failed rows being in errors/ only', async () => {
    const input = jsonl(join(root, 'in', 'a.jsonl'), TEXTS)
    const { workDir } = await run('trace-errors', `dataset_path: ${input}\nopen_tracer: true\ntrace_num: 3\nprocess:\n  - testing_throw_mapper:\n`)
    const traced = lines(join(workDir, 'trace', 'partition_000000', 'op_000_testing_throw_mapper.jsonl'))
    expect(traced.map((r) => [r.id, r.text, r.__sieve_before__])).toEqual([
      [0, 'ONE FINE ROW', 'one fine row'],
      [2, 'THREE FINE ROWS', 'three fine rows'],
      [3, 'FOUR FINE', 'four fine']
    ])
  })

  it('open_tracer: the rows a deduplicator or a selector dropped are traced with why, without their keys', async () => {
    const texts = ['aa bb', 'cc dd', 'aa bb', 'ee ff', 'cc dd', 'aa bb', 'gg hh']
    const input = jsonl(join(root, 'in', 'dups.jsonl'), texts)
    const { workDir } = await run(
      'trace-global',
      `dataset_path: ${input}\nopen_tracer: true\ntrace_num: 2\nprocess:\n  - document_deduplicator:\n  - topk_specified_field_selector: {field_key: id, topk: 2}\n`
    )
    const dedup = lines(join(workDir, 'trace', 'partition_000000', 'op_000_document_deduplicator.jsonl'))
    expect(dedup).toEqual([
      { id: 2, text: 'aa bb', title: 'title 2', __sieve_reason__: 'duplicate of an earlier row' },
      { id: 4, text: 'cc dd', title: 'title 4', __sieve_reason__: 'duplicate of an earlier row' }
    ])
    // Kept: ids 0, 1, 3, 6; the top 2 by id are 6 and 3.
    const selector = lines(join(workDir, 'trace', 'partition_000000', 'op_001_topk_specified_field_selector.jsonl'))
    expect(selector.map((r) => [r.id, r.__sieve_reason__, Object.keys(r).length])).toEqual([
      [0, 'not selected', 4],
      [1, 'not selected', 4]
    ])
  })

  it('keep_hashes_in_res_ds keeps the hash columns Data-Juicer names (__dj__hash: MD5 hex, __dj__simhash: unsigned decimal) in the export', async () => {
    const texts = [
      'the quick brown fox jumps over the lazy dog near the river bank today',
      'a completely different sentence about compilers, parsers and their many error messages',
      'the quick brown fox jumps over the lazy dog near the river bank today',
      'forty seven ducks waddled across the frozen pond while children counted them aloud'
    ]
    const input = jsonl(join(root, 'in', 'dup.jsonl'), texts)
    const recipe = (keep: boolean): string =>
      `dataset_path: ${input}\nexport_type: parquet\nkeep_hashes_in_res_ds: ${keep}\nprocess:\n  - document_deduplicator:\n  - document_simhash_deduplicator:\n  - whitespace_normalization_mapper:\n`
    const kept = await run('hashes', recipe(true))
    expect(kept.status).toBe('completed')
    const [shard] = kept.files.map((f) => f.path)
    const exported = (await duckdbColumn(shard!, 'text')) as string[]
    expect(exported).toEqual([texts[0], texts[1], texts[3]])
    const md5 = (t: string): string => createHash('md5').update(t.trim(), 'utf8').digest('hex')
    expect(await duckdbColumn(shard!, '__dj__hash')).toEqual(exported.map(md5))
    const simhashes = (await duckdbColumn(shard!, '__dj__simhash')) as string[]
    for (const h of simhashes) expect(BigInt(h) < 2n ** 64n && String(BigInt(h)) === h).toBe(true)
    expect(new Set(simhashes).size).toBe(3)
    const plain = await run('no-hashes', recipe(false))
    const columns = Object.keys((await parquetRows(plain.files[0]!.path))[0]!)
    expect(columns.sort()).toEqual(['id', 'text', 'title'])
  })

  it('suffixes reads only the files so named; export_type and export_shard_size shape the export; use_checkpoint: false writes no checkpoints', async () => {
    const folder = join(root, 'mixed')
    jsonl(join(folder, 'a.jsonl'), TEXTS)
    writeFileSync(join(folder, 'b.json'), JSON.stringify([{ id: 99, text: 'from the json file', title: 't' }]))
    // Random text, so the Parquet export does not compress it below the shard size.
    const long = Array.from({ length: 400 }, (_, i) => `row ${i} ${randomBytes(100).toString('hex')}`)
    jsonl(join(folder, 'c.jsonl'), long)
    const { status, workDir, files } = await run(
      'suffixes',
      `dataset_path: ${folder}\nsuffixes: [jsonl]\nexport_type: parquet\nexport_shard_size: 30000\nuse_checkpoint: false\npreserve_intermediate_data: true\nprocess:\n  - text_length_filter: {min_len: 1}\n  - whitespace_normalization_mapper:\n`
    )
    expect(status).toBe('completed')
    const shards = files.map((f) => f.path)
    expect(shards.length).toBeGreaterThan(1)
    for (const shard of shards) expect(shard).toMatch(/\.parquet$/)
    for (const shard of shards) expect(statSync(shard).size).toBeLessThanOrEqual(30000)
    const rows = (await Promise.all(shards.map((s) => parquetRows(s)))).flat()
    expect(rows).toHaveLength(TEXTS.length + long.length)
    expect(rows.some((r) => r.text === 'from the json file')).toBe(false)
    const manifest = (await readManifest(join(workDir, 'metadata', 'manifest.json')))!
    expect(manifest.partitions.flatMap((p) => p.checkpoints)).toEqual([])
  })
})
