import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { JobEvent } from '../log/events'
import { scratchDir } from '../testing'
import { makeCorpus, recipeFrom, runToEnd } from './testing-jobs'

const scratch = scratchDir('op-events')
const root = scratch.path
afterAll(() => scratch.remove())

describe('operator events (reference/001)', () => {
  it('op_start and op_complete for every operator of every partition at INFO; a failure names its operator in op_failed and partition_failed', async () => {
    const corpus = makeCorpus(join(root, 'corpus.jsonl'), 600)
    const recipe = recipeFrom(
      `dataset_path: ${corpus}\nexport_path: ${join(root, 'out.parquet')}\nwork_dir: ${join(root, 'work')}\nnp: 1\npartition_size: 300\nretry_backoff_ms: 10
event_logging: {log_level: INFO}
process:\n  - whitespace_normalization_mapper:\n  - text_length_filter: {min_len: 20}\n`,
      root
    )
    process.env.SIEVE_FAILPOINTS = JSON.stringify([{ op: 'text_length_filter', partition: 1, times: 1, state_dir: join(root, 'fp') }])
    const { outcome } = await runToEnd(recipe).finally(() => delete process.env.SIEVE_FAILPOINTS)
    expect(outcome.status).toBe('completed')
    const logged = readFileSync(join(recipe.work_dir, 'logs', 'processing_events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JobEvent)
    const of = (type: string): JobEvent[] => logged.filter((e) => e.event_type === type)
    const ops = ['whitespace_normalization_mapper', 'text_length_filter']
    // Partition 1 fails in its second operator, then resumes from the checkpoint after its first.
    const started = [...ops.map((o) => `0:${o}`), ...ops.map((o) => `1:${o}`), `1:${ops[1]}`]
    expect(of('op_start').map((e) => `${e.partition_id}:${e.operation_name}`)).toEqual(started)
    expect(of('op_complete').map((e) => `${e.partition_id}:${e.operation_name}`)).toEqual([...ops.map((o) => `0:${o}`), ...ops.map((o) => `1:${o}`)])
    for (const e of [...of('op_start'), ...of('op_complete')]) expect(e.level).toBe('INFO')
    expect(of('op_complete')[1]).toMatchObject({ operation_idx: 1, input_rows: 300, output_rows: expect.any(Number), duration: expect.any(Number) })
    expect(of('op_failed')).toEqual([
      expect.objectContaining({
        partition_id: 1,
        operation_name: 'text_length_filter',
        operation_idx: 1,
        level: 'ERROR',
        error_message: expect.stringMatching(/injected failure/)
      })
    ])
    expect(of('partition_failed')).toEqual([expect.objectContaining({ partition_id: 1, operation_name: 'text_length_filter', operation_idx: 1 })])
  })
})
