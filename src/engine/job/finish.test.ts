import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { readManifest } from './manifest'
import { makeCorpus, recipeFrom, runToEnd } from './testing-jobs'

const scratch = scratchDir('finish')
const root = scratch.path
afterAll(() => scratch.remove())

describe("a job's end", () => {
  it('decided once when the final manifest save fails: one job_failed, no job_complete, the lock released, and a resume completes', async () => {
    const corpus = makeCorpus(join(root, 'corpus.jsonl'), 600)
    const recipe = recipeFrom(
      `dataset_path: ${corpus}\nexport_path: ${join(root, 'out.parquet')}\nwork_dir: ${join(root, 'work')}\nnp: 1\npartition_size: 300\nprocess:\n  - whitespace_normalization_mapper:\n`,
      root
    )
    process.env.SIEVE_FAILPOINTS = JSON.stringify([{ op: 'final_manifest_save', partition: '*', times: 1, state_dir: join(root, 'fp') }])
    const first = await runToEnd(recipe).finally(() => delete process.env.SIEVE_FAILPOINTS)
    const ends = first.events.filter((e) => e.event_type === 'job_complete' || e.event_type === 'job_failed')
    expect(ends.map((e) => e.event_type)).toEqual(['job_failed'])
    expect(ends[0]!.message).toMatch(/injected failure in final_manifest_save/)
    expect(first.outcome.status).toBe('failed')
    // The cause first, then what it means; the reports are published with the failed status.
    expect(first.outcome.message).toMatch(/^injected failure in final_manifest_save.*final state could not be saved/)
    const report = JSON.parse(readFileSync(join(recipe.work_dir, 'metadata', 'final_mapping_report.json'), 'utf8'))
    expect(report.status).toBe('failed')
    expect(existsSync(join(recipe.work_dir, 'metadata', 'job.lock'))).toBe(false)
    // The manifest on disk is the last one saved: not a finished job, and resume trusts it.
    expect((await readManifest(join(recipe.work_dir, 'metadata', 'manifest.json')))!.status).toBe('running')
    const second = await runToEnd(recipe, { resume: true })
    expect(second.outcome.status).toBe('completed')
    expect(second.events.filter((e) => e.event_type === 'partition_start' || e.event_type === 'partition_resume')).toEqual([])
    expect(JSON.parse(readFileSync(join(recipe.work_dir, 'metadata', 'manifest.json'), 'utf8')).status).toBe('completed')
  })
})
