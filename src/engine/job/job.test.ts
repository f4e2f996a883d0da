import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { duckdbReadAll, duckdbRowCount } from '../testing-duckdb'
import { SieveError } from '../../shared/errors'
import { jobScratch, parquetRows, recipeFrom, runToEnd } from './testing-jobs'
import { readManifest } from './manifest'

const { root, corpus, pipeline } = jobScratch('job')

/** Visible .parquet files under a folder, outside temp/. */
function visibleParquet(dir: string): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = join(e.parentPath, e.name)
    if (e.isFile() && e.name.endsWith('.parquet') && !relative(dir, full).split('/').includes('temp')) out.push(full)
  }
  return out
}

let reference: Record<string, unknown>[] = []

describe('a job, end to end', () => {
  it('reference/000 done right: 15 docs, partition_size 5 → 3 result files, each valid, named as the manifest says', async () => {
    const input = join(root, 'fifteen.jsonl')
    writeFileSync(input, Array.from({ length: 15 }, (_, i) => JSON.stringify({ id: i, text: `document number ${i} with enough text` })).join('\n'))
    const recipe = recipeFrom(
      `dataset_path: ${input}
export_path: ${join(root, 'fifteen', 'out.parquet')}
work_dir: ${join(root, 'fifteen', 'work')}
partition_size: 5
np: 2
preserve_intermediate_data: true
export: {compression: snappy}
process:
  - whitespace_normalization_mapper:
`,
      root
    )
    const { outcome } = await runToEnd(recipe)
    expect(outcome.status).toBe('completed')
    const results = readdirSync(join(recipe.work_dir, 'results')).sort()
    expect(results).toEqual(['partition_000000_processed.parquet', 'partition_000001_processed.parquet', 'partition_000002_processed.parquet'])
    const manifest = (await readManifest(join(recipe.work_dir, 'metadata', 'manifest.json')))!
    for (const [i, p] of manifest.partitions.entries()) {
      expect(p.result?.path).toBe(`results/${results[i]}`)
      expect((await duckdbReadAll(join(recipe.work_dir, p.result!.path))).rows).toBe(5)
      expect(p.result?.rows).toBe(5)
    }
    const all = [...visibleParquet(recipe.work_dir), recipe.export_path]
    for (const file of all) expect(statSync(file).size, file).toBeGreaterThan(12)
    expect(new Set(all.map((f) => f.split('/').pop())).size).toBe(all.length - 0 - (all.length - new Set(all).size))
    expect((await duckdbReadAll(recipe.export_path)).rows).toBe(15)
  })

  it('a watcher reading every value of every visible .parquet with DuckDB during a run never finds a broken one', async () => {
    const recipe = recipeFrom(pipeline('watched', 'preserve_intermediate_data: true\nexport: {max_file_size_mb: 1}\n'), root)
    const failures: string[] = []
    let opened = 0
    let running = true
    const watcher = (async () => {
      while (running) {
        for (const file of [...visibleParquet(recipe.work_dir), ...visibleParquet(join(root, 'watched'))]) {
          try {
            await duckdbReadAll(file)
            opened++
          } catch (err) {
            if (existsSync(file)) failures.push(`${file}: ${(err as Error).message}`)
          }
        }
        await new Promise((r) => setTimeout(r, 5))
      }
    })()
    const { outcome } = await runToEnd(recipe)
    running = false
    await watcher
    expect(outcome.status).toBe('completed')
    expect(failures).toEqual([])
    expect(opened).toBeGreaterThan(20)
    // max_file_size splitting: several shards, each valid, named as the manifest records.
    const manifest = (await readManifest(join(recipe.work_dir, 'metadata', 'manifest.json')))!
    const shards = manifest.export!.files
    expect(shards.length).toBeGreaterThan(1)
    expect(shards.map((s) => s.path.split('/').pop())).toEqual(
      shards.map((_, i) => `part-${String(i).padStart(5, '0')}-of-${String(shards.length).padStart(5, '0')}.parquet`)
    )
    expect(readdirSync(join(root, 'watched', 'out')).sort()).toEqual(shards.map((s) => s.path.split('/').pop()).sort())
    let total = 0
    for (const s of shards) {
      expect((await duckdbReadAll(s.path)).rows).toBe(s.rows)
      expect(statSync(s.path).size).toBeLessThanOrEqual(1 << 20)
      total += s.rows
    }
    expect(total).toBe(manifest.partitions.reduce((n, p) => n + p.result!.rows, 0))
  })

  it('gives the same rows in the same order with np=1 and np=2, and dedup keeps first occurrences', async () => {
    const one = recipeFrom(pipeline('np1').replace('np: 2', 'np: 1'), root)
    const two = recipeFrom(pipeline('np2'), root)
    const [a, b] = [await runToEnd(one), await runToEnd(two)]
    expect(a.outcome.status).toBe('completed')
    expect(b.outcome.status).toBe('completed')
    const rowsOne = await parquetRows(one.export_path)
    reference = await parquetRows(two.export_path)
    expect(rowsOne).toEqual(reference)
    const texts = reference.map((r) => r.text as string)
    expect(new Set(texts).size).toBe(texts.length)
    expect(texts.every((t) => [...t].length >= 60 && t === t.trim())).toBe(true)
    const ids = reference.map((r) => r.id as number)
    expect(ids).toEqual([...ids].sort((x, y) => x - y))
    expect(reference[0]).not.toHaveProperty('__dj__stats__')
    const summary = JSON.parse(readFileSync(join(two.work_dir, 'logs', 'processing_summary.json'), 'utf8')) as {
      operations: { name: string; dropped: number }[]
      rows_out: number
    }
    expect(summary.operations.find((o) => o.name === 'document_deduplicator')!.dropped).toBeGreaterThan(0)
    expect(summary.rows_out).toBe(reference.length)
  })
})

describe('failures, retries and resume', () => {
  const failpoints = (spec: object[]): void => {
    process.env.SIEVE_FAILPOINTS = JSON.stringify(spec)
  }
  const clear = (): void => {
    delete process.env.SIEVE_FAILPOINTS
  }

  it.each([
    ['every_op', '', 'text_length_filter'],
    ['every_n_ops', 'n_ops: 2, ', 'text_length_filter'],
    ['manual', 'op_names: [whitespace_normalization_mapper], ', 'whitespace_normalization_mapper'],
    ['disabled', '', null]
  ])('checkpoint strategy %s: a partition that failed resumes from its newest checkpoint', async (strategy, extra, resumesAfter) => {
    const name = `strategy-${strategy}`
    const recipe = recipeFrom(pipeline(name, `max_retries: 0\ncheckpoint: {${extra}strategy: ${strategy}}\npreserve_intermediate_data: true\n`), root)
    failpoints([{ op: 'document_deduplicator', partition: 1, times: -1, state_dir: join(root, name, 'fp') }])
    const first = await runToEnd(recipe)
    clear()
    expect(first.outcome.status).toBe('completed_with_failures')
    expect(first.outcome.failed).toEqual([{ partition: 1, error: expect.stringMatching(/injected failure in document_deduplicator/) }])
    expect(existsSync(recipe.export_path)).toBe(false)
    const second = await runToEnd(recipe, { resume: true })
    expect(second.outcome.status).toBe('completed')
    const loads = second.events.filter((e) => e.event_type === 'checkpoint_load' && e.partition_id === 1)
    if (resumesAfter === null) expect(loads).toEqual([])
    else expect(loads[0]?.message).toBe(`partition 1 resumes after ${resumesAfter}`)
    expect(await parquetRows(recipe.export_path)).toEqual(reference)
  })

  it('a filter checkpoints as a delta over the checkpoint before it; a damaged base takes its deltas with it, and the resume still gives the same rows', async () => {
    const name = 'deltas'
    const recipe = recipeFrom(pipeline(name, 'max_retries: 0\npreserve_intermediate_data: true\n'), root)
    failpoints([{ op: 'document_deduplicator', partition: 1, times: 1, state_dir: join(root, name, 'fp') }])
    const first = await runToEnd(recipe)
    clear()
    expect(first.outcome.status).toBe('completed_with_failures')
    const manifest = (await readManifest(join(recipe.work_dir, 'metadata', 'manifest.json')))!
    const [mapper, filter] = manifest.partitions[1]!.checkpoints.sort((a, b) => a.op_index - b.op_index)
    // The mapper rewrote few rows: its checkpoint holds those, over the source slice read again.
    expect(mapper).toMatchObject({ op_name: 'whitespace_normalization_mapper', base_op: -1, delta: 'text' })
    expect(mapper!.rows).toBeGreaterThan(0)
    expect(mapper!.rows).toBeLessThan(1000 / 2)
    expect(await duckdbRowCount(join(recipe.work_dir, mapper!.path))).toBe(mapper!.rows)
    expect(filter).toMatchObject({ op_name: 'text_length_filter', base_op: 0 })
    // The filter's delta holds row numbers and stats, not the text: a small fraction of the partition's input.
    const inputPerPartition = statSync(corpus()).size / manifest.partitions.length
    expect(filter!.bytes).toBeLessThan(inputPerPartition / 20)
    expect(await duckdbRowCount(join(recipe.work_dir, filter!.path))).toBe(filter!.rows)
    // A partition that got through: its deduplicator keys are a full checkpoint, since their chain
    // reaches back to the input, which stage two would otherwise parse again.
    const keys = manifest.partitions[0]!.checkpoints.find((c) => c.op_name === 'document_deduplicator')!
    const keptBefore = manifest.partitions[0]!.checkpoints.find((c) => c.op_name === 'text_length_filter')!.rows
    expect(keys).toMatchObject({ rows: keptBefore })
    expect(keys.base_op).toBeUndefined()
    expect(await duckdbRowCount(join(recipe.work_dir, keys.path))).toBe(keys.rows)

    // Damage the base: its delta cannot be read without it, so partition 1 starts over from its input.
    const basePath = join(recipe.work_dir, mapper!.path)
    const bytes = readFileSync(basePath)
    bytes[100]! ^= 0xff
    writeFileSync(basePath, bytes)
    const second = await runToEnd(recipe, { resume: true })
    expect(second.outcome.status).toBe('completed')
    expect(second.events.filter((e) => e.event_type === 'checkpoint_error' && e.partition_id === 1)).toHaveLength(1)
    expect(second.events.some((e) => e.event_type === 'checkpoint_load' && e.partition_id === 1)).toBe(false)
    expect(await parquetRows(recipe.export_path)).toEqual(reference)
  })

  it('resumed anyway over a changed input, a partition does not read deltas over its old source slice: it starts over', async () => {
    const name = 'changed-source'
    const dataset = join(root, name, 'corpus.jsonl')
    mkdirSync(join(root, name), { recursive: true })
    copyFileSync(corpus(), dataset)
    const recipe = recipeFrom(pipeline(name, 'max_retries: 0\n', dataset), root)
    const last = Math.ceil(6000 / 1000) - 1
    failpoints([{ op: 'document_deduplicator', partition: last, times: 1, state_dir: join(root, name, 'fp') }])
    expect((await runToEnd(recipe)).outcome.status).toBe('completed_with_failures')
    clear()
    const before = (await readManifest(join(recipe.work_dir, 'metadata', 'manifest.json')))!.partitions[last]!.checkpoints
    expect(before.find((c) => c.op_index === 0)).toMatchObject({ base_op: -1 })
    // The same size, one letter changed in the last row: the plan's slices still fit, the text differs.
    const bytes = readFileSync(dataset)
    let at = bytes.lastIndexOf('"text":"') + 8
    while (!(bytes[at]! >= 0x61 && bytes[at]! <= 0x7a)) at++
    bytes[at] = bytes[at] === 0x71 ? 0x72 : 0x71
    writeFileSync(dataset, bytes)
    await expect(runToEnd(recipe, { resume: true })).rejects.toThrow(/changed|modified|edited/)
    const second = await runToEnd(recipe, { resume: true, force: true })
    expect(second.outcome.status).toBe('completed')
    expect(second.events.some((e) => e.event_type === 'checkpoint_load' && e.partition_id === last)).toBe(false)
  })

  it('retries a partition whose operator throws twice, then succeeds', async () => {
    const recipe = recipeFrom(pipeline('retries'), root)
    failpoints([{ op: 'text_length_filter', partition: 2, times: 2, state_dir: join(root, 'retries', 'fp') }])
    const { outcome, events } = await runToEnd(recipe)
    clear()
    expect(outcome.status).toBe('completed')
    expect(events.filter((e) => e.event_type === 'partition_retry' && e.partition_id === 2)).toHaveLength(2)
    expect(await parquetRows(recipe.export_path)).toEqual(reference)
  })

  it('an operator that always throws ends completed_with_failures; resume after the fault is gone completes it', async () => {
    const recipe = recipeFrom(pipeline('always', 'max_retries: 1\n'), root)
    failpoints([{ op: 'text_length_filter', partition: 4, times: -1, state_dir: join(root, 'always', 'fp') }])
    const first = await runToEnd(recipe)
    clear()
    expect(first.outcome.status).toBe('completed_with_failures')
    const summary = JSON.parse(readFileSync(join(recipe.work_dir, 'logs', 'processing_summary.json'), 'utf8')) as {
      failed_partitions: number
      errors: unknown[]
    }
    expect(summary.failed_partitions).toBe(1)
    expect(summary.errors).toEqual([{ partition_id: 4, error: expect.stringMatching(/injected failure/) }])
    const second = await runToEnd(recipe, { resume: true })
    expect(second.outcome.status).toBe('completed')
    // In the stage where it failed, only the failed partition was redone; then all went on past the dedup.
    const starts = second.events.filter((e) => e.event_type === 'partition_start' || e.event_type === 'partition_resume')
    expect(starts.filter((e) => e.message.includes('stage 1 of 2')).map((e) => e.partition_id)).toEqual([4])
    expect(starts.filter((e) => e.message.includes('stage 2 of 2'))).toHaveLength(6)
    expect(await parquetRows(recipe.export_path)).toEqual(reference)
  })

  it.each([['crash'], ['oom']])(
    'a worker that dies (%s) fails only its partition, with a message that says why, and the partition is retried',
    async (mode) => {
      const name = `dies-${mode}`
      const recipe = recipeFrom(pipeline(name, 'performance: {memory_limit_gb: 0.25}\n'), root)
      failpoints([{ op: 'text_length_filter', partition: 3, times: 1, mode, state_dir: join(root, name, 'fp') }])
      const { outcome, events } = await runToEnd(recipe)
      clear()
      expect(outcome.status).toBe('completed')
      const failed = events.filter((e) => e.event_type === 'partition_failed')
      expect(failed.map((e) => e.partition_id)).toEqual([3])
      expect(failed[0]!.error_message).toBe(
        mode === 'crash'
          ? 'Partition 3 failed: the engine worker crashed (the worker exited with code 3).'
          : 'Partition 3 failed: the engine worker ran out of memory (its limit is 256 MB). Raise performance.memory_limit_gb or lower partition_size in the recipe.'
      )
      expect(await parquetRows(recipe.export_path)).toEqual(reference)
    }
  )

  it('refuses to resume when an input changed, saying what changed; --force goes on', async () => {
    const input = join(root, 'changing.jsonl')
    writeFileSync(input, readFileSync(corpus(), 'utf8').split('\n').slice(0, 500).join('\n'))
    const recipe = recipeFrom(pipeline('changing', '', input), root)
    failpoints([{ op: 'text_length_filter', partition: 0, times: -1, state_dir: join(root, 'changing', 'fp') }])
    await runToEnd(recipe)
    clear()
    appendFileSync(input, '\n{"text": "one more line that was not there before"}')
    const err = await runToEnd(recipe, { resume: true }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SieveError)
    expect((err as SieveError).message).toMatch(new RegExp(`Cannot resume .*: ${input} changed size`))
    writeFileSync(
      join(recipe.work_dir, 'recipe.yaml'),
      readFileSync(join(recipe.work_dir, 'recipe.yaml'), 'utf8').replace('min_len: 60', 'min_len: 61')
    )
    const edited = await runToEnd(recipe, { resume: true }).catch((e: unknown) => e)
    expect((edited as SieveError).message).toMatch(/recipe\.yaml was edited after the job was planned/)
    const forced = await runToEnd(recipe, { resume: true, force: true })
    expect(forced.outcome.status).toBe('completed')
  })

  it('a work directory that holds a job is not overwritten by a new run', async () => {
    const recipe = recipeFrom(pipeline('np2'), root)
    const before = readFileSync(recipe.export_path)
    const err = await runToEnd(recipe).catch((e: unknown) => e)
    expect((err as SieveError).message).toMatch(/already holds a job\. Continue it with 'sieve resume/)
    expect(readFileSync(recipe.export_path).equals(before)).toBe(true)
  })
})
