import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ResumePlan } from '../../shared/jobs'
import type { JobEvent } from '../log/events'
import { scratchDir, TEST_WORKER } from '../testing'
import { Job } from './job'
import { readManifest, type Manifest } from './manifest'
import { readPlan } from './plan-file'
import { stageEntry } from './reconcile'
import { resumeDecision, resumePlan } from './resume-plan'
import { makeCorpus, parquetRows, recipeFrom, runToEnd } from './testing-jobs'

const scratch = scratchDir('resume')
const root = scratch.path
let corpus = ''
beforeAll(() => {
  corpus = makeCorpus(join(root, 'corpus.jsonl'), 1200)
})
afterAll(() => scratch.remove())

function recipe(name: string, dataset: string, ops: string, extra = ''): ReturnType<typeof recipeFrom> {
  return recipeFrom(
    `dataset_path: ${dataset}\nexport_path: ${join(root, name, 'out.parquet')}\nwork_dir: ${join(root, name, 'work')}\nnp: 2\npartition_size: 300\nmax_retries: 0\nretry_backoff_ms: 10\n${extra}\nprocess:\n${ops}`,
    root
  )
}

const SINGLE_STAGE = '  - whitespace_normalization_mapper:\n  - text_length_filter: {min_len: 20}\n  - clean_links_mapper:\n'
const WITH_DEDUP =
  '  - whitespace_normalization_mapper:\n  - text_length_filter: {min_len: 20}\n  - document_deduplicator:\n  - clean_links_mapper:\n'

async function withFailpoint<T>(op: string, partition: number, dir: string, run: () => Promise<T>): Promise<T> {
  process.env.SIEVE_FAILPOINTS = JSON.stringify([{ op, partition, times: -1, state_dir: join(dir, 'fp') }])
  try {
    return await run()
  } finally {
    delete process.env.SIEVE_FAILPOINTS
  }
}

/** One byte changed (in the middle unless `at` says where): same size, same mtime, other content. */
function damageAtEqualSize(path: string, at?: number): void {
  const before = statSync(path)
  const bytes = readFileSync(path)
  at ??= Math.floor(bytes.length / 2)
  bytes[at] = bytes[at]! ^ 0xff
  writeFileSync(path, bytes)
  utimesSync(path, before.atime, before.mtime)
}

async function manifestOf(workDir: string): Promise<Manifest> {
  return (await readManifest(join(workDir, 'metadata', 'manifest.json')))!
}

/** What a resume did with each partition: how it first started it, if it ran it at all. */
function firstStarts(events: JobEvent[], partitions: number): { fromCheckpoint: number; fromInput: number; untouched: number } {
  const first = new Map<number, string>()
  for (const e of events) {
    if ((e.event_type === 'partition_start' || e.event_type === 'partition_resume') && !first.has(e.partition_id!))
      first.set(e.partition_id!, e.event_type)
  }
  const types = [...first.values()]
  return {
    fromCheckpoint: types.filter((t) => t === 'partition_resume').length,
    fromInput: types.filter((t) => t === 'partition_start').length,
    untouched: partitions - first.size
  }
}

function expectPlanMatches(plan: ResumePlan, events: JobEvent[]): void {
  const did = firstStarts(events, plan.partitions)
  expect({ verified: plan.verified, fromCheckpoint: plan.fromCheckpoint, fromInput: plan.toRedo + plan.toRetry - plan.fromCheckpoint }).toEqual({
    verified: did.untouched,
    fromCheckpoint: did.fromCheckpoint,
    fromInput: did.fromInput
  })
}

describe('the Resume dialog and the resume that follows agree', () => {
  it('checkpoints and results damaged at equal size: the plan counts what the resume then does', async () => {
    const r = recipe('damaged', corpus, SINGLE_STAGE)
    const first = await withFailpoint('clean_links_mapper', 3, join(root, 'damaged'), () => runToEnd(r))
    expect(first.outcome.status).toBe('completed_with_failures')
    const m = await manifestOf(r.work_dir)
    // Partition 3 failed after its checkpoints; partition 0 is done but its result is damaged.
    expect(m.partitions[3]!.checkpoints.length).toBeGreaterThan(0)
    for (const cp of m.partitions[3]!.checkpoints) damageAtEqualSize(join(r.work_dir, cp.path))
    damageAtEqualSize(join(r.work_dir, m.partitions[0]!.result!.path))
    const plan = await resumePlan(r.work_dir)
    expect(plan).toMatchObject({ partitions: 4, verified: 2, toRetry: 1, toRedo: 1, fromCheckpoint: 1, changes: [] })
    const second = await runToEnd(r, { resume: true })
    expect(second.outcome.status).toBe('completed')
    expectPlanMatches(plan, second.events)
  })

  it('a lost dedup decision with a damaged boundary: the partitions it resets are counted as the resume runs them', async () => {
    const r = recipe('dedup-lost', corpus, WITH_DEDUP, 'preserve_intermediate_data: true')
    expect((await runToEnd(r)).outcome.status).toBe('completed')
    const reference = await parquetRows(r.export_path)
    const m = await manifestOf(r.work_dir)
    rmSync(join(r.work_dir, m.dedup['2']!.path))
    damageAtEqualSize(join(r.work_dir, m.partitions[1]!.checkpoints.find((c) => c.op_index === 2)!.path))
    const plan = await resumePlan(r.work_dir)
    expect(plan).toMatchObject({ verified: 0, toRetry: 0, exportComplete: true })
    const second = await runToEnd(r, { resume: true })
    expect(second.outcome.status).toBe('completed')
    expectPlanMatches(plan, second.events)
    expect(await parquetRows(r.export_path)).toEqual(reference)
  })

  it('an interrupted job with a removed result and a damaged boundary: each partition reruns from the stage and the entry the plan gives, with its warnings', async () => {
    const r = recipe('interrupted', corpus, WITH_DEDUP, 'checkpoint: {strategy: every_op}')
    // Interrupted once the first partition is done: the others are on their way through the last stage.
    const job: Job = await Job.create(r, { workerPath: TEST_WORKER, onEvent: (e) => e.event_type === 'partition_complete' && job.interrupt() })
    expect((await job.run()).status).toBe('interrupted')
    const m = await manifestOf(r.work_dir)
    const done = m.partitions.findIndex((p) => p.result !== undefined)
    const unfinished = m.partitions.findIndex((p) => p.result === undefined && p.checkpoints.some((c) => c.op_index === 2))
    expect(done).toBeGreaterThanOrEqual(0)
    expect(unfinished).toBeGreaterThanOrEqual(0)
    rmSync(join(r.work_dir, m.partitions[done]!.result!.path))
    damageAtEqualSize(join(r.work_dir, m.partitions[unfinished]!.checkpoints.find((c) => c.op_index === 2)!.path))

    const decision = await resumeDecision(r.work_dir)
    const plan = await readPlan(join(r.work_dir, 'metadata', 'dataset_mapping.json'))
    const planned = decision.manifest.partitions.map((p, id) =>
      p.status === 'done'
        ? null
        : { stage: p.stage, from: stageEntry(plan, p, id, p.stage).kind === 'checkpoint' ? 'partition_resume' : 'partition_start' }
    )
    expect(planned[done]).toEqual({ stage: 1, from: 'partition_resume' })
    expect(planned[unfinished]!.stage).toBe(0)
    expect(decision.warnings.length).toBeGreaterThanOrEqual(2)

    const second = await runToEnd(r, { resume: true })
    expect(second.outcome.status).toBe('completed')
    const ran = planned.map((_, id) => {
      const first = second.events.find((e) => (e.event_type === 'partition_start' || e.event_type === 'partition_resume') && e.partition_id === id)
      return first === undefined ? null : { stage: Number(/stage (\d+) of/.exec(first.message)![1]) - 1, from: first.event_type }
    })
    expect(ran).toEqual(planned)
    const logged = second.events.filter((e) => e.event_type === 'checkpoint_error')
    expect(logged.map((e) => ({ message: e.message, partition_id: e.partition_id, checkpoint_path: e.checkpoint_path }))).toEqual(decision.warnings)
  })
})

describe('resume refuses changed inputs, saying what changed', () => {
  it('content changed at equal size with the mtime restored: the content message; resume anyway goes on as the plan says', async () => {
    const input = join(root, 'same-size.jsonl')
    copyFileSync(corpus, input)
    const r = recipe('same-size', input, SINGLE_STAGE)
    await withFailpoint('clean_links_mapper', 1, join(root, 'same-size'), () => runToEnd(r))
    // Inside the first 64 KiB, which the input's fingerprint hashes.
    damageAtEqualSize(input, 100)
    await expect(runToEnd(r, { resume: true })).rejects.toThrow(new RegExp(`^Cannot resume .*: ${input} changed content\\. `))
    const plan = await resumePlan(r.work_dir)
    expect(plan.changes).toEqual([`${input} changed content`])
    const forced = await runToEnd(r, { resume: true, force: true })
    expect(forced.outcome.status).toBe('completed')
    expectPlanMatches(plan, forced.events)
  })

  it('a file added to a folder dataset, and an input that is gone', async () => {
    const folder = join(root, 'folder-data')
    mkdirSync(folder)
    copyFileSync(corpus, join(folder, 'a.jsonl'))
    const r = recipe('folder', folder, SINGLE_STAGE)
    await withFailpoint('clean_links_mapper', 1, join(root, 'folder-run'), () => runToEnd(r))
    copyFileSync(corpus, join(folder, 'b.jsonl'))
    await expect(runToEnd(r, { resume: true })).rejects.toThrow(
      new RegExp(`1 file\\(s\\) were added to the dataset \\(${join(folder, 'b.jsonl')}\\)`)
    )
    rmSync(join(folder, 'a.jsonl'))
    await expect(runToEnd(r, { resume: true })).rejects.toThrow(new RegExp(`${join(folder, 'a.jsonl')} is gone`))
  })
})
