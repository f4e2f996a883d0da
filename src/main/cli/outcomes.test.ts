import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobOutcomes } from '../../shared/analysis'
import { REPO_ROOT, scratchDir } from '../../engine/testing'
import { makeCorpus } from '../../engine/job/testing-jobs'
import { readManifest } from '../../engine/job/manifest'

const scratch = scratchDir('outcomes-cli')
const root = scratch.path
const SIEVE = join(REPO_ROOT, 'bin', 'sieve')

/** Four filters around a deduplicator, a checkpoint after every operator: a partition can resume between any two filters. */
function recipeFile(name: string): string {
  const path = join(root, `${name}.yaml`)
  writeFileSync(
    path,
    `project_name: ${name}
dataset_path: ${join(root, 'corpus.jsonl')}
export_path: ${join(root, name, 'out.parquet')}
work_dir: ${join(root, name, 'work')}
np: 2
partition_size: 1000
checkpoint: {strategy: every_op}
process:
  - whitespace_normalization_mapper:
  - text_length_filter: {min_len: 200, max_len: 6000}
  - alphanumeric_filter: {min_ratio: 0.78}
  - document_deduplicator:
  - words_num_filter: {min_num: 60}
  - word_repetition_filter: {rep_len: 10, max_ratio: 0.2}
`
  )
  return path
}

/** Runs the CLI to its end, or SIGKILLs it once it has printed `killAfter` lines of an event. */
function sieve(
  args: string[],
  options: { env?: Record<string, string>; killAfter?: readonly [event: string, count: number] } = {}
): Promise<{ code: number | null; killed: boolean; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SIEVE, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (options.killAfter === undefined) return
      const [event, count] = options.killAfter
      if (stdout.split(`"event_type":"${event}"`).length - 1 >= count) child.kill('SIGKILL')
    })
    child.on('exit', (code, signal) => resolve({ code, killed: signal === 'SIGKILL', stdout }))
  })
}

async function outcomes(name: string): Promise<Omit<JobOutcomes, 'workDir'>> {
  const { code, stdout } = await sieve(['outcomes', join(root, name, 'work'), '--json'])
  expect(code).toBe(0)
  const { workDir: _workDir, ...rest } = JSON.parse(stdout) as JobOutcomes
  return rest
}

/** Each partition holds exactly one outcome per filter it ran: none lost, none twice. */
async function expectOneOutcomePerFilter(name: string): Promise<void> {
  const manifest = (await readManifest(join(root, name, 'work', 'metadata', 'manifest.json')))!
  for (const p of manifest.partitions) expect(p.outcomes!.map((r) => r.op_index).sort()).toEqual([1, 2, 4, 5])
}

let reference: Omit<JobOutcomes, 'workDir'>

beforeAll(async () => {
  makeCorpus(join(root, 'corpus.jsonl'), 6000)
  expect((await sieve(['run', recipeFile('reference'), '--json'])).code).toBe(0)
  reference = await outcomes('reference')
}, 300_000)

afterAll(() => scratch.remove())

describe('sieve outcomes', () => {
  it('prints each filter with its stat kept and dropped, dropped rows, and where the report is', async () => {
    expect(reference.complete).toBe(true)
    expect(reference.outcomes.map((o) => o.name)).toEqual(['text_length_filter', 'alphanumeric_filter', 'words_num_filter', 'word_repetition_filter'])
    const { code, stdout } = await sieve(['outcomes', join(root, 'reference', 'work')])
    expect(code).toBe(0)
    const o = reference.outcomes[1]!
    expect(stdout).toContain(`2. alphanumeric_filter (alnum_ratio): ${o.rowsKept + o.rowsDropped} in, ${o.rowsKept} kept, ${o.rowsDropped} dropped`)
    expect(stdout).toMatch(/ {3}dropped: 0\.\d+ {2}alnum_ratio 0\.\d+ < min_ratio 0\.78: "/)
    const report = join(root, 'reference', 'work', 'outcomes.html')
    expect(stdout).toContain(`report:   ${report}`)
    expect(readFileSync(report, 'utf8')).toContain('word_repetition_filter')
  })

  it('is the same after a SIGKILL between two filters of a partition and a resume from the checkpoint between them', async () => {
    const name = 'failpoint'
    const env = {
      SIEVE_FAILPOINTS: JSON.stringify([{ op: 'alphanumeric_filter', partition: 3, times: 1, mode: 'kill', state_dir: join(root, 'fp') }])
    }
    const first = await sieve(['run', recipeFile(name), '--json'], { env })
    expect(first.killed).toBe(true)
    const resumed = await sieve(['resume', join(root, name, 'work'), '--json'])
    expect(resumed.code).toBe(0)
    // Partition 3 continued from a checkpoint: the outcomes of the filters before it count, the filters after it ran once more.
    expect(resumed.stdout).toMatch(/"event_type":"checkpoint_load"[^\n]*"partition_id":3/)
    await expectOneOutcomePerFilter(name)
    expect(await outcomes(name)).toEqual(reference)
  }, 180_000)

  it.each([
    ['checkpoint_save', 3],
    ['checkpoint_save', 17],
    ['partition_complete', 2]
  ] as const)(
    'is the same after a SIGKILL once %s #%i is printed, and a resume',
    async (event, n) => {
      const name = `kill-${event}-${n}`
      const first = await sieve(['run', recipeFile(name), '--json'], { killAfter: [event, n] })
      expect(first.killed).toBe(true)
      expect((await sieve(['resume', join(root, name, 'work'), '--json'])).code).toBe(0)
      await expectOneOutcomePerFilter(name)
      expect(await outcomes(name)).toEqual(reference)
    },
    180_000
  )

  it('refuses a folder that is not a work directory, saying what to do', () => {
    const result = spawnSync(process.execPath, [SIEVE, 'outcomes', root], { encoding: 'utf8' })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain(`${root} is not a Sieve work directory`)
    expect(existsSync(join(root, 'outcomes.json'))).toBe(false)
  })
})
