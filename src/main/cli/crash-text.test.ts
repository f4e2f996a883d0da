import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { REPO_ROOT, scratchDir } from '../../engine/testing'
import { duckdbStrings } from '../../engine/testing-duckdb'
import { readManifest } from '../../engine/job/manifest'
import { readPlan } from '../../engine/job/plan-file'

const scratch = scratchDir('crash-text')
const root = scratch.path
const SIEVE = join(REPO_ROOT, 'bin', 'sieve')
afterAll(() => scratch.remove())

/** Runs the CLI with the failpoints given; resolves with its exit code and signal. */
function runCli(args: string[], failpoints: object[] = []): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    const env = { ...process.env, SIEVE_FAILPOINTS: JSON.stringify(failpoints) }
    const child = spawn(process.execPath, [SIEVE, ...args, '--json'], { stdio: ['ignore', 'ignore', 'ignore'], env })
    child.on('exit', (code, signal) => resolve({ code, signal }))
  })
}

it('a job over a folder of text documents, SIGKILLed mid-partition and resumed, exports every document exactly once', async () => {
  const data = join(root, 'data')
  mkdirSync(join(data, 'lib'), { recursive: true })
  const contents = new Map<string, string>()
  for (let i = 0; i < 40; i++) {
    const name = i % 3 === 0 ? `lib/module_${i}.py` : i % 3 === 1 ? `notes_${i}.md` : `doc_${i}.txt`
    contents.set(name, `Document ${i}\r\n${'body line\n'.repeat(i)}`)
    writeFileSync(join(data, name), contents.get(name)!)
  }
  const work = join(root, 'job', 'work')
  const recipe = join(root, 'job.yaml')
  writeFileSync(
    recipe,
    `project_name: crash-text
dataset_path: ${data}
export_path: ${join(root, 'job', 'export', 'out.parquet')}
work_dir: ${work}
np: 2
partition_size: 5
process:
  - text_length_filter: {min_len: 0}
  - document_deduplicator:
  - text_length_filter: {min_len: 0}
`
  )
  const first = await runCli(['run', recipe], [{ op: 'text_length_filter', partition: 5, times: 1, mode: 'kill', state_dir: join(root, 'fp') }])
  expect(first.signal).toBe('SIGKILL')
  const plan = await readPlan(join(work, 'metadata', 'dataset_mapping.json'))
  expect(plan.partitions.map((p) => p.rows)).toEqual(new Array(8).fill(5))
  expect((await readManifest(join(work, 'metadata', 'manifest.json')))!.export).toBeUndefined()

  expect((await runCli(['resume', work])).code).toBe(0)
  const manifest = (await readManifest(join(work, 'metadata', 'manifest.json')))!
  const exported: string[] = []
  for (const f of manifest.export!.files) exported.push(...((await duckdbStrings(f.path, 'text')) as string[]))
  expect(exported.sort()).toEqual([...contents.values()].sort())
}, 300_000)
