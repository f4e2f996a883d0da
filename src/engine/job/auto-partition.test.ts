import { readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { JobEvent } from '../log/events'
import { scratchDir, TEST_WORKER } from '../testing'
import { choosePartitionSize, decidePartitionSize } from './auto-partition'
import { Job } from './job'
import { parseRecipe } from './recipe'

const scratch = scratchDir('auto-partition')
afterAll(() => scratch.remove())
const input = join(scratch.path, 'in.jsonl')
// 20,000 rows of about 60 bytes: 1.2 MB.
writeFileSync(
  input,
  Array.from({ length: 20_000 }, (_, id) => JSON.stringify({ id, text: `row ${id} of the sample, some words to read` })).join('\n') + '\n'
)

const recipe = (name: string, extra: string): ReturnType<typeof parseRecipe>['recipe'] =>
  parseRecipe(
    `dataset_path: ${input}\nexport_path: ${join(scratch.path, name, 'out.parquet')}\nprocess:\n  - text_length_filter: {min_len: 5}\n${extra}`,
    scratch.path
  ).recipe

describe('partition: {mode: auto}', () => {
  it('gives each worker four partitions when memory and max_partition_size_mb allow more, and says why', async () => {
    const choice = await choosePartitionSize(recipe('cores', 'np: 2\npartition: {mode: auto}\n'), [input])
    // 20,000 rows over 2 workers × 4 partitions; the row count is estimated from the sample.
    expect(choice.rows).toBeGreaterThan(2000)
    expect(choice.rows).toBeLessThan(3000)
    expect(choice.reason).toMatch(
      /^partition\.mode auto: [\d,]+ rows per partition, set by 4 partitions for each of 2 worker\(s\) \(sample of 1,000 rows: [\d,]+ rows per MB on disk/
    )
  })

  it('keeps a partition within max_partition_size_mb and the memory budget, and never below 1,000 rows', async () => {
    const bySize = await choosePartitionSize(recipe('size', 'np: 1\npartition: {mode: auto, max_size_mb: 0.1}\n'), [input])
    expect(bySize.reason).toMatch(/set by max_partition_size_mb 0\.1 /)
    // About 0.1 MB of 60-byte lines.
    expect(bySize.rows).toBeGreaterThan(1400)
    expect(bySize.rows).toBeLessThan(2000)
    // A memory budget is decisive only for a dataset of many times its size: measured, not sampled, here.
    const measure = { sampleRows: 1000, rows: 10_000_000, rowsPerMb: 1000, memoryPerRow: 2000 }
    const byMemory = decidePartitionSize(measure, { np: 2, max_partition_size_mb: 1000, performance: { batch_size: 4096, memory_limit_gb: 1 } })
    // 1 GiB held 4 times over at 2,000 bytes per row.
    expect(byMemory).toMatchObject({ rows: 134_217, reason: expect.stringMatching(/set by memory \(1 GB per worker\)/) })
    // 5,000 rows over 2 workers' 8 partitions would be 625 rows each.
    const small = { sampleRows: 1000, rows: 5000, rowsPerMb: 10_000, memoryPerRow: 100 }
    const budget = { max_partition_size_mb: 128, performance: { batch_size: 4096, memory_limit_gb: 1 } }
    expect(decidePartitionSize(small, { np: 2, ...budget })).toMatchObject({
      rows: 1000,
      reason: expect.stringMatching(/set by the least of 1,000 rows/)
    })
    // An np above the machine's cores counts the workers the job runs, not the np written.
    const cores = availableParallelism()
    expect(decidePartitionSize({ ...small, rows: 10_000_000 }, { np: cores + 62, ...budget })).toEqual(
      decidePartitionSize({ ...small, rows: 10_000_000 }, { np: cores, ...budget })
    )
  })

  it('a job plans with the size chosen, logs it, and records it in recipe.yaml so a resume plans the same', async () => {
    const run = recipe('job', 'np: 2\npartition: {mode: auto}\n')
    expect(run.partition_auto).toBe(true)
    const events: JobEvent[] = []
    const job = await Job.create(run, { workerPath: TEST_WORKER, onEvent: (e) => events.push(e) })
    const outcome = await job.run()
    expect(outcome.status).toBe('completed')
    expect(job.plan.partitions.length).toBeGreaterThanOrEqual(7)
    expect(job.plan.partitions.length).toBeLessThanOrEqual(10)
    const said = events.find((e) => e.event_type === 'job_start' && e.message.startsWith('partition.mode auto'))
    expect(said?.metadata?.partition_size).toBe(job.recipe.partition_size)
    const asRun = parseRecipe(readFileSync(join(run.work_dir, 'recipe.yaml'), 'utf8'), run.work_dir).recipe
    expect(asRun).toMatchObject({ partition_auto: false, partition_size: job.recipe.partition_size })
  })
})
