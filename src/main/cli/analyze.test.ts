import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT, scratchDir } from '../../engine/testing'
import { makeCorpus } from '../../engine/job/testing-jobs'

const scratch = scratchDir('cli-analyze')
const root = scratch.path
const SIEVE = join(REPO_ROOT, 'bin', 'sieve')
const recipe = join(root, 'recipe.yaml')

interface Ended {
  code: number | null
  signal: string | null
  lines: Record<string, unknown>[]
  stdout: string
}

/** Runs the CLI; with `killAfter`, SIGKILLs it once that many partitions have completed. */
function sieve(args: string[], killAfter?: number): Promise<Ended> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SIEVE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let done = 0
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (killAfter === undefined) return
      done = (stdout.match(/"event_type":"partition_complete"/g) ?? []).length
      if (done >= killAfter) child.kill('SIGKILL')
    })
    child.on('exit', (code, signal) => {
      const lines = args.includes('--json')
        ? stdout.split('\n').flatMap((l) => (l.startsWith('{') ? [JSON.parse(l) as Record<string, unknown>] : []))
        : []
      resolve({ code, signal, lines, stdout })
    })
  })
}

beforeAll(() => {
  makeCorpus(join(root, 'corpus.jsonl'), 8000)
  writeFileSync(
    recipe,
    `project_name: analyzed
dataset_path: ${join(root, 'corpus.jsonl')}
export_path: ${join(root, 'out.jsonl')}
work_dir: ${join(root, 'work')}
text_keys: text
np: 2
partition_size: 500
process:
  - text_length_filter: {min_len: 100}
  - special_characters_filter: {max_ratio: 0.3}
  - words_num_filter: {min_num: 5}
`
  )
})
afterAll(() => scratch.remove())

describe('sieve analyze', () => {
  let reference: Record<string, unknown>

  it('prints run-style event lines and then one line {rows, stats, notes} with --json; --np 50 runs one worker per core', async () => {
    const ended = await sieve(['analyze', recipe, '--work-dir', join(root, 'reference'), '--np', '50', '--json'])
    expect(ended.code).toBe(0)
    reference = ended.lines.at(-1)!
    expect(reference.rows).toBe(8000)
    const cores = availableParallelism()
    const capped = cores < 50 ? [`np 50 is more than this machine's ${cores} cores: running ${cores} workers`] : []
    expect(reference.notes).toEqual(capped)
    expect(ended.lines.filter((l) => l.level === 'WARNING').map((l) => l.message)).toEqual(capped)
    expect(Object.keys(reference.stats as object).sort()).toEqual(['num_words', 'special_char_ratio', 'text_len'])
    expect(ended.lines.some((l) => l.event_type === 'partition_complete')).toBe(true)
  }, 300_000)

  it('after a SIGKILL, continues on the same work directory and gives the same analysis', async () => {
    const work = join(root, 'killed')
    const killed = await sieve(['analyze', recipe, '--work-dir', work, '--json'], 4)
    expect(killed.signal).toBe('SIGKILL')
    const resumed = await sieve(['analyze', recipe, '--work-dir', work, '--json'])
    expect(resumed.code).toBe(0)
    expect(resumed.lines.some((l) => l.event_type === 'job_restart')).toBe(true)
    // Partitions finished before the kill are not redone.
    expect(resumed.lines.filter((l) => l.event_type === 'partition_complete').length).toBeLessThan(16)
    const last = resumed.lines.at(-1)!
    expect(last.stats).toEqual(reference.stats)
    expect(last.columns).toEqual(reference.columns)
  }, 300_000)

  it("prints Data-Juicer's overall table without --json, and reuses a finished analysis", async () => {
    const ended = await sieve(['analyze', recipe, '--work-dir', join(root, 'reference')])
    expect(ended.code).toBe(0)
    expect(ended.stdout).toMatch(/^stat\s+count\s+mean\s+std \(pop\.\)\s+min\s+p1\s+p5/m)
    expect(ended.stdout).toMatch(/^text_len\s+8000\s/m)
    expect(ended.stdout).toContain('report.html')
  }, 300_000)

  it('refuses a bad --np as a usage error', async () => {
    expect((await sieve(['analyze', recipe, '--np', '0'])).code).toBe(2)
  })
})
