import { spawn } from 'node:child_process'
import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT, scratchDir } from '../../engine/testing'
import { makeCorpus, parquetRows } from '../../engine/job/testing-jobs'
import { readManifest } from '../../engine/job/manifest'

const scratch = scratchDir('crash-dedup')
const root = scratch.path
const SIEVE = join(REPO_ROOT, 'bin', 'sieve')

function recipeFile(name: string, op: string): string {
  const path = join(root, `${name}.yaml`)
  writeFileSync(
    path,
    `project_name: ${name}
dataset_path: ${join(root, 'corpus.jsonl')}
export_path: ${join(root, name, 'export', 'clean.parquet')}
work_dir: ${join(root, name, 'work')}
text_keys: text
np: 2
partition_size: 400
process:
  - whitespace_normalization_mapper:
  - ${op}:
  - text_length_filter: {min_len: 60}
`
  )
  return path
}

/** Runs the CLI with the failpoints given; resolves with its exit code and signal. */
function runCli(args: string[], failpoints: object[] = []): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    const env = { ...process.env, SIEVE_FAILPOINTS: JSON.stringify(failpoints) }
    const child = spawn(process.execPath, [SIEVE, ...args, '--json'], { stdio: ['ignore', 'ignore', 'ignore'], env })
    child.on('exit', (code, signal) => resolve({ code, signal }))
  })
}

async function exportRows(name: string): Promise<Record<string, unknown>[]> {
  const manifest = (await readManifest(join(root, name, 'work', 'metadata', 'manifest.json')))!
  const rows: Record<string, unknown>[] = []
  for (const f of manifest.export!.files) rows.push(...(await parquetRows(f.path)))
  return rows
}

const OPS = ['document_deduplicator', 'document_minhash_deduplicator']
const reference = new Map<string, Record<string, unknown>[]>()

beforeAll(async () => {
  makeCorpus(join(root, 'corpus.jsonl'), 3000, 3)
  for (const op of OPS) {
    const name = `reference-${op}`
    expect((await runCli(['run', recipeFile(name, op)])).code).toBe(0)
    reference.set(op, await exportRows(name))
  }
}, 300_000)

afterAll(() => scratch.remove())

// SIGKILL of the whole process: after a partition's key runs are published and before its
// boundary checkpoint records them; and inside the decision, after its first key table is merged.
const KILLS: [string, string, object][] = [
  ['inside key-run writing', 'key_runs', { op: 'key_runs', partition: 3 }],
  ['inside the decision', 'dedup_decision', { op: 'dedup_decision', partition: 0 }]
]

/**
 * Decides operator 1 of the job in `work` in a process of its own, from its TypeScript source,
 * with a budget so tiny that the union-find spills: the job's own budget (at least a quarter of
 * 0.1 GB) holds this corpus's clusters whole.
 */
function decideSpilling(work: string, failpoints: object[]): Promise<{ code: number | null; signal: string | null }> {
  const script = `require('tsx/cjs/api').register()
const { decideDuplicates } = require(${JSON.stringify(join(REPO_ROOT, 'src', 'engine', 'job', 'dedup-task.ts'))})
const { readManifest } = require(${JSON.stringify(join(REPO_ROOT, 'src', 'engine', 'job', 'manifest.ts'))})
const { getOpDefinition, resolveParams } = require(${JSON.stringify(join(REPO_ROOT, 'src', 'engine', 'ops', 'index.ts'))})
;(async () => {
  const manifest = await readManifest(${JSON.stringify(join(work, 'metadata', 'manifest.json'))})
  const boundaries = manifest.partitions.map((p, partition) => ({ partition, checkpoint: p.checkpoints.find((c) => c.op_index === 1) }))
  const name = 'document_minhash_deduplicator'
  const op = { name, params: resolveParams(getOpDefinition(name).info, {}) }
  await decideDuplicates({ workDir: ${JSON.stringify(work)}, opIndex: 1, op, textKey: 'text', boundaries, budgetBytes: 256 })
})().catch((err) => { console.error(err); process.exit(1) })
`
  return new Promise((resolve) => {
    const env = { ...process.env, SIEVE_FAILPOINTS: JSON.stringify(failpoints) }
    const child = spawn(process.execPath, ['-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'], env })
    child.on('exit', (code, signal) => resolve({ code, signal }))
  })
}

describe('crash consistency of the dedup decision: SIGKILL, resume, same export', () => {
  for (const op of OPS) {
    it.each(KILLS)(
      `${op}: killed %s`,
      async (_label, point, failpoint) => {
        const name = `kill-${op}-${point}`
        const work = join(root, name, 'work')
        const first = await runCli(['run', recipeFile(name, op)], [{ ...failpoint, times: 1, mode: 'kill', state_dir: join(root, name, 'fp') }])
        expect(first.signal).toBe('SIGKILL')
        const killed = (await readManifest(join(work, 'metadata', 'manifest.json')))!
        expect(killed.export).toBeUndefined()
        // Killed inside the decision, every partition's keys are recorded and no decision yet.
        if (point === 'dedup_decision') {
          expect(killed.dedup).toEqual({})
          expect(killed.partitions.every((p) => p.checkpoints.some((c) => c.keys !== undefined))).toBe(true)
        }
        const last = await runCli(['resume', work])
        expect(last.code).toBe(0)
        expect(await exportRows(name)).toEqual(reference.get(op))
        expect(existsSync(join(work, 'temp')) ? readdirSync(join(work, 'temp')) : []).toEqual([])
      },
      180_000
    )
  }

  it('document_minhash_deduplicator: killed inside the spilled union-find', async () => {
    const name = 'kill-spilled-union-find'
    const work = join(root, name, 'work')
    const state_dir = join(root, name, 'fp')
    const first = await runCli(
      ['run', recipeFile(name, 'document_minhash_deduplicator')],
      [{ op: 'dedup_decision', partition: 0, times: 1, mode: 'kill', state_dir }]
    )
    expect(first.signal).toBe('SIGKILL')
    // Made again with a tiny budget and killed after the first round over the union-find's
    // spilled runs: they are left in temp/, and the manifest records no decision.
    const killed = await decideSpilling(work, [{ op: 'dedup_clusters', partition: 1, times: 1, mode: 'kill', state_dir }])
    expect(killed.signal).toBe('SIGKILL')
    expect(readdirSync(join(work, 'temp')).length).toBeGreaterThan(0)
    expect((await readManifest(join(work, 'metadata', 'manifest.json')))!.dedup).toEqual({})
    expect((await runCli(['resume', work])).code).toBe(0)
    expect(await exportRows(name)).toEqual(reference.get('document_minhash_deduplicator'))
    expect(readdirSync(join(work, 'temp'))).toEqual([])
  }, 180_000)
})
