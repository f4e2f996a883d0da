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
})
