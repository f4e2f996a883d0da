import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, watch, writeFileSync } from 'node:fs'
import { uptime } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { duckdbColumn, duckdbReadAll } from '../testing-duckdb'
import { COSQA, scratchDir } from '../testing'
import { SieveError } from '../../shared/errors'
import { jobScratch, parquetRows, recipeFrom, runToEnd } from './testing-jobs'
import { readManifest } from './manifest'

const { root, pipeline } = jobScratch('job-edge-cases')

describe('bad input', () => {
  it('malformed records go to errors/ with file, line, offset and reason; the job goes on', async () => {
    const input = join(root, 'dirty.jsonl')
    const good = (i: number): string =>
      JSON.stringify({ id: i, text: `a perfectly fine document number ${i}, long enough to be kept by both length filters` })
    const lines = [good(0), '{"id": 1, "text": broken', good(2), '[1, 2, 3]', '{"id": 4}', '{"id": "five", "text": "typed wrong"}', good(6)]
    writeFileSync(
      input,
      Buffer.concat([
        Buffer.from(lines.join('\n') + '\n'),
        Buffer.from([0x7b, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d, 0x0a]),
        Buffer.from(good(8))
      ])
    )
    const recipe = recipeFrom(pipeline('dirty', '', input), root)
    const { outcome, events } = await runToEnd(recipe)
    expect(outcome.status).toBe('completed')
    const errors = readFileSync(join(recipe.work_dir, 'errors', 'partition_000000_bad_records.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(errors.map((e) => [e.line, e.reason])).toEqual([
      [2, expect.stringMatching(/^not valid JSON/)],
      [4, 'a JSON list, not an object'],
      [5, "text field 'text' is missing"],
      [6, expect.stringMatching(/field 'id' is a string .* where the dataset has integers/)],
      [8, 'not valid UTF-8 text']
    ])
    expect(errors[0]).toMatchObject({ file: input, offset: good(0).length + 1 })
    expect(events.some((e) => e.event_type === 'bad_records' && /5 bad record/.test(e.message))).toBe(true)
    const summary = JSON.parse(readFileSync(join(recipe.work_dir, 'logs', 'processing_summary.json'), 'utf8')) as { bad_records: number }
    expect(summary.bad_records).toBe(5)
    expect((await parquetRows(recipe.export_path)).map((r) => r.id)).toEqual([0, 2, 6, 8])
  })

  it('on_bad_record: fail stops the partition with the first bad record named', async () => {
    const input = join(root, 'dirty.jsonl')
    const recipe = recipeFrom(pipeline('dirty-fail', 'on_bad_record: fail\nmax_retries: 0\n', input), root)
    const { outcome } = await runToEnd(recipe)
    expect(outcome.status).toBe('completed_with_failures')
    expect(outcome.failed[0]!.error).toMatch(
      new RegExp(`^${input}, line 2: not valid JSON: .+ \\(on_bad_record: fail; set it to skip to quarantine bad records and go on\\)\\.$`)
    )
  })

  it.each([
    ['a missing input', (d: string) => join(d, 'nope.jsonl'), 'NOT_FOUND', /No file or folder at .*nope\.jsonl/],
    ['an empty input', (d: string) => (writeFileSync(join(d, 'empty.jsonl'), ''), join(d, 'empty.jsonl')), 'EMPTY_FILE', /is empty \(0 bytes\)/],
    [
      'no text field',
      (d: string) => (writeFileSync(join(d, 'qa.jsonl'), '{"question": "q?", "answer": "a"}\n'), join(d, 'qa.jsonl')),
      'BAD_REQUEST',
      /The dataset has no field 'text' \(its fields: question, answer\)\. Set text_keys/
    ],
    [
      'a file that is not what its name says',
      (d: string) => (writeFileSync(join(d, 'fake.parquet'), 'just,some\ntext,here\n'), join(d, 'fake.parquet')),
      'BAD_REQUEST',
      /The dataset has no field 'text' \(its fields: just, some\)/
    ]
  ])('%s: one clear message before anything is written', async (_name, make, code, message) => {
    const dir = scratchDir('bad')
    const recipe = recipeFrom(pipeline('bad', '', make(dir.path)).replace(join(root, 'bad'), dir.path).replace(join(root, 'bad'), dir.path), dir.path)
    const err = await runToEnd(recipe).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SieveError)
    expect((err as SieveError).code).toBe(code)
    expect((err as SieveError).message).toMatch(message)
    expect(existsSync(recipe.work_dir)).toBe(false)
    dir.remove()
  })
  it("an operator's own text_key naming a missing field, or one that is not text, is named as that operator's", async () => {
    const dir = scratchDir('own-text-key')
    const jsonl = join(dir.path, 'rows.jsonl')
    writeFileSync(jsonl, '{"text": "a row", "meta": "web"}\n')
    const failure = async (input: string, textKey: string): Promise<SieveError> => {
      const yaml = `dataset_path: ${input}\nexport_path: ${join(dir.path, 'out.jsonl')}\nprocess:\n  - whitespace_normalization_mapper:\n  - text_length_filter: {text_key: ${textKey}}\n`
      return (await runToEnd(recipeFrom(yaml, dir.path)).catch((e: unknown) => e)) as SieveError
    }
    expect((await failure(jsonl, 'body')).message).toBe(
      "The dataset has no field 'body' (its fields: text, meta). It is the text_key of process[1] text_length_filter: set that text_key to the field that holds the text, or remove it to use the recipe's text_keys."
    )
    // The CoSQA Parquet file's schema says meta_information is a struct before any row is read.
    expect((await failure(COSQA, 'meta_information')).message).toMatch(
      /^The text field 'meta_information' holds Struct<.*>, not text\. It is the text_key of process\[1\] text_length_filter: set that text_key to a text field\.$/
    )
    dir.remove()
  })
})

describe('edge cases found in review', () => {
  it('the reports are written before the manifest says the job ended, so a reader that sees it ended finds them', async () => {
    const recipe = recipeFrom(pipeline('reports-first'), root)
    const metadata = join(recipe.work_dir, 'metadata')
    mkdirSync(metadata, { recursive: true })
    const seen: { status: string; metrics: boolean }[] = []
    // Every time the manifest is replaced (published by rename), read it as another process would.
    const watcher = watch(metadata, (_type, name) => {
      if (name !== 'manifest.json') return
      try {
        const status = (JSON.parse(readFileSync(join(metadata, 'manifest.json'), 'utf8')) as { status: string }).status
        seen.push({ status, metrics: existsSync(join(recipe.work_dir, 'logs', 'performance_metrics.json')) })
      } catch {
        // Between unlink and rename on some filesystems: the next event reads it.
      }
    })
    try {
      expect((await runToEnd(recipe)).outcome.status).toBe('completed')
    } finally {
      watcher.close()
    }
    const ended = seen.filter((s) => s.status !== 'running')
    expect(ended.length).toBeGreaterThan(0)
    expect(ended).toEqual(ended.map((s) => ({ status: s.status, metrics: true })))
  })

  it('a partition left empty by a filter, with a struct column, exports, and DuckDB reads the export and every result', async () => {
    const input = join(root, 'struct.jsonl')
    writeFileSync(input, '{"text":"ab","meta":{"k":1}}\n{"text":"long enough to keep","meta":{"k":2}}\n{"text":"xy","meta":{"k":3}}\n')
    const recipe = recipeFrom(
      `dataset_path: ${input}\nexport_path: ${join(root, 'struct', 'out.parquet')}\nwork_dir: ${join(root, 'struct', 'work')}\npartition_size: 1\nprocess:\n  - text_length_filter: {min_len: 5}\n  - document_deduplicator:\n`,
      root
    )
    const { outcome } = await runToEnd(recipe)
    expect(outcome.status).toBe('completed')
    expect(await parquetRows(recipe.export_path)).toEqual([{ text: 'long enough to keep', meta: { k: 2 } }])
    // DuckDB, an independent reader, decodes the export and every result, the empty ones too.
    expect((await duckdbReadAll(recipe.export_path)).rows).toBe(1)
    expect(await duckdbColumn(recipe.export_path, 'text')).toEqual(['long enough to keep'])
    const manifest = (await readManifest(join(recipe.work_dir, 'metadata', 'manifest.json')))!
    const resultRows = await Promise.all(manifest.partitions.map(async (p) => (await duckdbReadAll(join(recipe.work_dir, p.result!.path))).rows))
    expect(resultRows).toEqual([0, 1, 0])
  })

  it('bad-record counts survive a restart of stage one from a checkpoint', async () => {
    const input = join(root, 'dirty.jsonl')
    const recipe = recipeFrom(pipeline('dirty-restart', '', input), root)
    process.env.SIEVE_FAILPOINTS = JSON.stringify([
      { op: 'text_length_filter', partition: 0, times: 1, state_dir: join(root, 'dirty-restart', 'fp') }
    ])
    const { outcome } = await runToEnd(recipe)
    delete process.env.SIEVE_FAILPOINTS
    expect(outcome.status).toBe('completed')
    const summary = JSON.parse(readFileSync(join(recipe.work_dir, 'logs', 'processing_summary.json'), 'utf8')) as {
      bad_records: number
      rows_read: number
    }
    expect(summary).toMatchObject({ bad_records: 5, rows_read: 4 })
  })

  it('a lost dedup decision is made again on resume, with the same result', async () => {
    const recipe = recipeFrom(pipeline('lost-decision', 'preserve_intermediate_data: true\n'), root)
    await runToEnd(recipe)
    const before = await parquetRows(recipe.export_path)
    const { rmSync } = await import('node:fs')
    rmSync(join(recipe.work_dir, 'metadata', 'dedup_op_002_decision.bin'))
    const again = await runToEnd(recipe, { resume: true })
    expect(again.outcome.status).toBe('completed')
    expect(again.events.some((e) => e.event_type === 'dedup_decision')).toBe(true)
    expect(await parquetRows(recipe.export_path)).toEqual(before)
  })

  it('damaged key runs fail verification on resume: that partition computes its keys again, the decision is made again, with the same result', async () => {
    const recipe = recipeFrom(pipeline('damaged-keys', 'preserve_intermediate_data: true\n'), root)
    await runToEnd(recipe)
    const before = await parquetRows(recipe.export_path)
    const { rmSync } = await import('node:fs')
    const manifest = (await readManifest(join(recipe.work_dir, 'metadata', 'manifest.json')))!
    const keys = manifest.partitions[1]!.checkpoints.find((c) => c.keys !== undefined)!.keys!
    const path = join(recipe.work_dir, keys.path)
    writeFileSync(path, Buffer.concat([Buffer.from('XXXX'), readFileSync(path).subarray(4)]))
    rmSync(join(recipe.work_dir, 'metadata', 'dedup_op_002_decision.bin'))
    const again = await runToEnd(recipe, { resume: true })
    expect(again.outcome.status).toBe('completed')
    expect(again.events.some((e) => e.event_type === 'partition_start' && e.partition_id === 1 && e.message.includes('stage 1 of'))).toBe(true)
    expect(await parquetRows(recipe.export_path)).toEqual(before)
  })

  it('a new export with fewer shards removes the stale ones', async () => {
    const shardsDir = join(root, 'reshard', 'out')
    const first = recipeFrom(pipeline('reshard', 'export: {max_file_size_mb: 1}\n'), root)
    await runToEnd(first)
    const many = readdirSync(shardsDir).length
    const second = recipeFrom(pipeline('reshard', 'export: {max_file_size_mb: 4}\n'), root)
    await runToEnd(second, { force: true })
    const now = readdirSync(shardsDir)
    expect(now.length).toBeLessThan(many)
    expect(now.every((n) => n.endsWith(`-of-${String(now.length).padStart(5, '0')}.parquet`))).toBe(true)
  })

  it('refuses a second process on the same work directory while the first is alive', async () => {
    const recipe = recipeFrom(pipeline('locked'), root)
    mkdirSync(join(recipe.work_dir, 'metadata'), { recursive: true })
    const lock = join(recipe.work_dir, 'metadata', 'job.lock')
    // A live process (this test's parent) holds the lock.
    writeFileSync(lock, String(process.ppid))
    const err = await runToEnd(recipe).catch((e: unknown) => e)
    expect((err as SieveError).message).toMatch(/is in use by another Sieve process \(pid \d+\)/)
    // The same pid in a lock written before the machine started is another process: the lock is taken over.
    const beforeBoot = (Date.now() - uptime() * 1000 - 60_000) / 1000
    utimesSync(lock, beforeBoot, beforeBoot)
    expect((await runToEnd(recipe)).outcome.status).toBe('completed')
    // A lock left by a process that is gone is taken over.
    writeFileSync(lock, '999999')
    expect((await runToEnd(recipe, { force: true })).outcome.status).toBe('completed')
  })
})
