import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir, TEST_WORKER } from '../testing'
import { duckdbRowCount } from '../testing-duckdb'
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

function listing(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else out.push(`${relative(root, path)} ${statSync(path).size}`)
    }
  }
  walk(root)
  return out.sort()
}

describe('cancelling a running job', () => {
  it.each([[1], [4], [9], [15]])(
    'after %i checkpoint(s): it ends interrupted at once, its workers stop at a safe point, nothing is half-written, and resume finishes it exactly',
    async (after) => {
      const r = recipe(`after-${after}`)
      let saved = 0
      let job: Job | undefined
      const events: JobEvent[] = []
      job = await Job.create(r, {
        workerPath: TEST_WORKER,
        onEvent: (e) => {
          events.push(e)
          if (e.event_type === 'checkpoint_save' && ++saved === after) job!.cancel()
        }
      })
      const outcome = await job.run()
      expect(outcome.status).toBe('interrupted')

      // Once run() returns, the workers are gone: nothing more is written.
      const before = listing(r.work_dir)
      await new Promise((resolve) => setTimeout(resolve, 400))
      expect(listing(r.work_dir)).toEqual(before)
      expect(existsSync(join(r.work_dir, 'temp')) ? readdirSync(join(r.work_dir, 'temp')) : []).toEqual([])

      const manifest = (await readManifest(join(r.work_dir, 'metadata', 'manifest.json')))!
      for (const p of manifest.partitions) {
        for (const cp of p.checkpoints) expect(await duckdbRowCount(join(r.work_dir, cp.path))).toBe(cp.rows)
        if (p.result !== undefined) expect(await duckdbRowCount(join(r.work_dir, p.result.path))).toBe(p.result.rows)
      }

      const resumed = await runToEnd(r, { resume: true })
      expect(resumed.outcome.status).toBe('completed')
      const reference = recipe('reference')
      if (!existsSync(reference.export_path)) await runToEnd({ ...reference, checkpoint: { ...reference.checkpoint, enabled: false } })
      expect(await parquetRows(r.export_path)).toEqual(await parquetRows(reference.export_path))
    }
  )
})
