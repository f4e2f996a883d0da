import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { liveWorkerThreads, scratchDir, TEST_WORKER } from '../testing'
import { duckdbReadAll } from '../testing-duckdb'
import type { JobEvent } from '../log/events'
import { Job } from './job'
import { readManifest } from './manifest'
import { makeCorpus, parquetRows, recipeFrom, runToEnd } from './testing-jobs'

const scratch = scratchDir('cancel')
afterAll(() => scratch.remove())

const corpus = (): string => makeCorpus(join(scratch.path, 'corpus.jsonl'), 6000, 13)

function recipe(name: string): ReturnType<typeof recipeFrom> {
  return recipeFrom(
    `dataset_path: ${corpus()}
export_path: ${join(scratch.path, name, 'out.parquet')}
work_dir: ${join(scratch.path, name, 'work')}
np: 2
partition_size: 500
checkpoint: {strategy: every_op}
process:
  - whitespace_normalization_mapper:
  - clean_links_mapper:
  - text_length_filter: {min_len: 50}
  - alphanumeric_filter: {min_ratio: 0.25}
  - document_deduplicator:
`,
    scratch.path
  )
}

describe('cancelling a running job', () => {
  it.each([[1], [4], [9], [15]])(
    'after %i checkpoint(s): it ends cancelled at once (job_cancelled, not job_failed), its workers stop at a safe point, nothing is half-written, and resume finishes it exactly',
    async (after) => {
      const r = recipe(`after-${after}`)
      const threadsBefore = liveWorkerThreads()
      let saved = 0
      let job: Job | undefined
      const events: JobEvent[] = []
      // eslint-disable-next-line prefer-const -- the event handler below reads it, so it is declared first
      job = await Job.create(r, {
        workerPath: TEST_WORKER,
        onEvent: (e) => {
          events.push(e)
          if (e.event_type === 'checkpoint_save' && ++saved === after) job!.cancel()
        }
      })
      const outcome = await job.run()
      expect(outcome.status).toBe('cancelled')
      expect(events.filter((e) => e.event_type === 'job_cancelled')).toEqual([expect.objectContaining({ level: 'INFO' })])
      expect(events.some((e) => e.event_type === 'job_failed')).toBe(false)
      expect((await readManifest(join(r.work_dir, 'metadata', 'manifest.json')))!.status).toBe('cancelled')

      // Once run() returns, its worker threads have exited: nothing can write any more.
      expect(liveWorkerThreads()).toBe(threadsBefore)
      expect(existsSync(join(r.work_dir, 'temp')) ? readdirSync(join(r.work_dir, 'temp')) : []).toEqual([])

      const manifest = (await readManifest(join(r.work_dir, 'metadata', 'manifest.json')))!
      for (const p of manifest.partitions) {
        for (const cp of p.checkpoints) expect((await duckdbReadAll(join(r.work_dir, cp.path))).rows).toBe(cp.rows)
        if (p.result !== undefined) expect((await duckdbReadAll(join(r.work_dir, p.result.path))).rows).toBe(p.result.rows)
      }

      const resumed = await runToEnd(r, { resume: true })
      expect(resumed.outcome.status).toBe('completed')
      const reference = recipe('reference')
      if (!existsSync(reference.export_path)) await runToEnd({ ...reference, checkpoint: { ...reference.checkpoint, enabled: false } })
      expect(await parquetRows(r.export_path)).toEqual(await parquetRows(reference.export_path))
    }
  )
})
