import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import type { FileRecord, Manifest } from './manifest'
import { readPlan } from './plan-file'
import { reconcile } from './reconcile'
import { resumePlan } from './resume-plan'
import { makeCorpus, recipeFrom, runToEnd } from './testing-jobs'
import { sha256OfFile, verify } from './verify'

const scratch = scratchDir('resume-plan')
const work = join(scratch.path, 'work')
const manifestPath = join(work, 'metadata', 'manifest.json')
let original = ''
afterAll(() => scratch.remove())

beforeAll(async () => {
  const corpus = makeCorpus(join(scratch.path, 'corpus.jsonl'), 600)
  const recipe = recipeFrom(
    `dataset_path: ${corpus}\nexport_path: ${join(scratch.path, 'out.parquet')}\nwork_dir: ${work}\npartition_size: 300\nprocess:\n  - text_length_filter: {min_len: 20}\n`,
    scratch.path
  )
  await runToEnd(recipe)
  original = readFileSync(manifestPath, 'utf8')
})

/** Runs `resumePlan` on an edited copy of the finished job's manifest, then puts the original back. */
async function planWith(edit: (m: Manifest) => void): Promise<Awaited<ReturnType<typeof resumePlan>>> {
  const manifest = JSON.parse(original) as Manifest
  edit(manifest)
  writeFileSync(manifestPath, JSON.stringify(manifest))
  try {
    return await resumePlan(work)
  } finally {
    writeFileSync(manifestPath, original)
  }
}

describe('resumePlan', () => {
  it('a finished job: every partition verified, nothing to redo, the export complete, nothing changed', async () => {
    expect(await resumePlan(work)).toEqual({
      workDir: work,
      status: 'completed',
      partitions: 2,
      verified: 2,
      toRedo: 0,
      toRetry: 0,
      fromCheckpoint: 0,
      exportComplete: true,
      changes: []
    })
  })

  it('a result whose sha256 no longer matches is redone; a failed one retried; a checkpoint of the right size is resumed from', async () => {
    const plan = await planWith((m) => {
      const [p0, p1] = m.partitions as [Manifest['partitions'][number], Manifest['partitions'][number]]
      const present = { ...p1.result!, op_index: 0, op_name: 'text_length_filter', format: 'parquet' as const, schema: '' }
      p0.result = { ...p0.result!, sha256: '0'.repeat(64) }
      p0.checkpoints = [{ ...present, bytes: present.bytes + 1 }]
      p1.status = 'failed'
      p1.checkpoints = [{ ...present, bytes: present.bytes + 1 }, present]
      delete p1.result
    })
    expect(plan).toMatchObject({ partitions: 2, verified: 0, toRedo: 1, toRetry: 1, fromCheckpoint: 1, exportComplete: true })
  })

  it('a changed result of a partition that did not fail is redone, not retried', async () => {
    const plan = await planWith((m) => (m.partitions[0]!.result = { ...m.partitions[0]!.result!, sha256: '0'.repeat(64) }))
    expect(plan).toMatchObject({ verified: 1, toRedo: 1, toRetry: 0, fromCheckpoint: 0 })
  })

  it('an export not marked complete, or with a file that changed, is not complete', async () => {
    expect((await planWith((m) => (m.export!.complete = false))).exportComplete).toBe(false)
    expect((await planWith((m) => (m.export!.files[0]!.sha256 = '0'.repeat(64)))).exportComplete).toBe(false)
    expect((await planWith((m) => delete m.export)).exportComplete).toBe(false)
    expect((await planWith((m) => m.export!.files.push({ ...m.export!.files[0]!, sha256: '0'.repeat(64) }))).exportComplete).toBe(false)
  })

  it('without a manifest every planned partition is redone and the job reads as interrupted', async () => {
    rmSync(manifestPath)
    try {
      expect(await resumePlan(work)).toEqual({
        workDir: work,
        status: 'interrupted',
        partitions: 2,
        verified: 0,
        toRedo: 2,
        toRetry: 0,
        fromCheckpoint: 0,
        exportComplete: false,
        changes: []
      })
    } finally {
      writeFileSync(manifestPath, original)
    }
  })

  it('a recipe edited after planning is named among the changes', async () => {
    const recipePath = join(work, 'recipe.yaml')
    const recipe = readFileSync(recipePath, 'utf8')
    appendFileSync(recipePath, '  - words_num_filter: {min_num: 1}\n')
    try {
      expect((await resumePlan(work)).changes).toEqual([`${recipePath} was edited after the job was planned`])
    } finally {
      writeFileSync(recipePath, recipe)
    }
  })
})

describe('verify', () => {
  it('a file matches its record by size and sha256, by a path relative to the root or absolute', async () => {
    const path = join(scratch.path, 'f.bin')
    writeFileSync(path, 'abc')
    const record: FileRecord = { path: 'f.bin', bytes: 3, sha256: await sha256OfFile(path), rows: 1 }
    expect(record.sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(await verify(scratch.path, record)).toBe(true)
    expect(await verify('/elsewhere', { ...record, path })).toBe(true)
    expect(await verify(scratch.path, { ...record, bytes: 4 })).toBe(false)
    expect(await verify(scratch.path, { ...record, sha256: '0'.repeat(64) })).toBe(false)
    expect(await verify(scratch.path, { ...record, path: 'missing.bin' })).toBe(false)
  })
})

describe('reconcile', () => {
  it('decides on a copy: the manifest given is left exactly as it was, the decision is returned', async () => {
    const saved = JSON.parse(original) as Manifest
    saved.partitions[0]!.result = { ...saved.partitions[0]!.result!, sha256: '0'.repeat(64) }
    const before = structuredClone(saved)
    const plan = await readPlan(join(work, 'metadata', 'dataset_mapping.json'))
    const { manifest, report } = await reconcile(plan, saved, (record) => verify(work, record), false)
    expect(saved).toEqual(before)
    expect(manifest.partitions[0]!.status).toBe('pending')
    expect(manifest.partitions[0]!.result).toBeUndefined()
    expect(manifest.partitions[1]).toEqual(saved.partitions[1])
    expect(report.verified).toBe(1)
  })
})
