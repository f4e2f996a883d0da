import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT, scratchDir } from '../../engine/testing'
import { duckdbReadAll } from '../../engine/testing-duckdb'
import { makeCorpus, parquetRows } from '../../engine/job/testing-jobs'
import { readManifest, type Manifest } from '../../engine/job/manifest'

const scratch = scratchDir('crash')
const root = scratch.path
const SIEVE = join(REPO_ROOT, 'bin', 'sieve')

function recipeFile(name: string): string {
  const path = join(root, `${name}.yaml`)
  writeFileSync(
    path,
    `project_name: ${name}
dataset_path: ${join(root, 'corpus.jsonl')}
export_path: ${join(root, name, 'export', 'clean.parquet')}
work_dir: ${join(root, name, 'work')}
text_keys: text
np: 2
partition_size: 1000
preserve_intermediate_data: true
export: {max_file_size_mb: 0.5}
process:
  - whitespace_normalization_mapper:
  - text_length_filter: {min_len: 50, max_len: 20000}
  - document_deduplicator:
  - text_length_filter: {min_len: 60}
`
  )
  return path
}

type Trigger = (event: { event_type: string; [k: string]: unknown }, counts: Map<string, number>) => boolean

/**
 * Runs the CLI; sends it `signal` `delayMs` after `trigger` first holds. Resolves with how it ended
 * and the status of the outcome line it printed (none when killed).
 */
function runCli(
  args: string[],
  trigger?: Trigger,
  delayMs = 0,
  signal: NodeJS.Signals = 'SIGKILL'
): Promise<{ code: number | null; signal: string | null; killed: boolean; outcome: string | undefined }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SIEVE, ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] })
    const counts = new Map<string, number>()
    let buffered = ''
    let sent = false
    let outcome: string | undefined
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      for (const line of lines) {
        if (line === '') continue
        const event = JSON.parse(line) as { event_type: string; status?: string }
        if (event.event_type === 'outcome') outcome = event.status
        if (sent || trigger === undefined) continue
        counts.set(event.event_type, (counts.get(event.event_type) ?? 0) + 1)
        if (trigger(event, counts)) {
          sent = true
          setTimeout(() => child.kill(signal), delayMs)
        }
      }
    })
    child.on('exit', (code, exitSignal) => resolve({ code, signal: exitSignal, killed: exitSignal === 'SIGKILL', outcome }))
  })
}

function visibleFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !relative(dir, join(e.parentPath, e.name)).split('/').includes('temp'))
    .map((e) => join(e.parentPath, e.name))
}

/** After a kill: the manifest parses, every value of every visible Parquet file reads in DuckDB, with the rows the manifest states. */
async function checkVisibleState(name: string): Promise<number> {
  const work = join(root, name, 'work')
  const manifestPath = join(work, 'metadata', 'manifest.json')
  const manifest = await readManifest(manifestPath)
  const recorded = new Map<string, number>()
  for (const p of manifest?.partitions ?? []) {
    for (const f of [...(p.result ? [p.result] : []), ...p.checkpoints, ...p.rejected]) recorded.set(join(work, f.path), f.rows)
  }
  for (const f of manifest?.export?.files ?? []) recorded.set(f.path, f.rows)
  let checked = 0
  for (const file of [...visibleFiles(work), ...visibleFiles(join(root, name, 'export'))]) {
    if (file.endsWith('.json')) JSON.parse(readFileSync(file, 'utf8'))
    if (!file.endsWith('.parquet')) continue
    const { rows } = await duckdbReadAll(file)
    if (recorded.has(file)) expect(rows, file).toBe(recorded.get(file))
    checked++
  }
  return checked
}

async function exportRows(name: string): Promise<Record<string, unknown>[]> {
  const manifest = (await readManifest(join(root, name, 'work', 'metadata', 'manifest.json')))!
  const rows: Record<string, unknown>[] = []
  for (const f of manifest.export!.files) rows.push(...(await parquetRows(f.path)))
  return rows
}

let reference: Record<string, unknown>[] = []

beforeAll(async () => {
  makeCorpus(join(root, 'corpus.jsonl'), 16000)
  const done = await runCli(['run', recipeFile('reference')])
  expect(done.code).toBe(0)
  reference = await exportRows('reference')
}, 300_000)

afterAll(() => scratch.remove())

const after =
  (type: string, n = 1): Trigger =>
  (e, counts) =>
    e.event_type === type && counts.get(type) === n

// Moments across the whole run: processing, publishing checkpoints and results, the dedup step, merging.
const MOMENTS: [string, Trigger, number][] = [
  ['at the first checkpoint', after('checkpoint_save', 1), 0],
  ['mid processing (10th checkpoint)', after('checkpoint_save', 10), 3],
  ['late in stage one (30th checkpoint)', after('checkpoint_save', 30), 0],
  ['at the dedup decision', after('dedup_decision'), 0],
  ['just after the dedup decision', after('dedup_decision'), 40],
  ['at the first partition result', after('partition_complete', 1), 0],
  ['mid stage two (8th result)', after('partition_complete', 8), 5],
  ['at the last partition result', after('partition_complete', 16), 0],
  ['as the export starts', after('export_start'), 0],
  ['during the export', after('export_start'), 20],
  ['as the export completes (its checkpoints being removed)', after('export_complete'), 0],
  ['on the first progress line', after('progress', 2), 0]
]

describe('crash consistency: SIGKILL at any moment, resume, same export', () => {
  it.each(MOMENTS)(
    'killed %s',
    async (_label, trigger, delay) => {
      const name = `kill-${MOMENTS.findIndex((m) => m[1] === trigger && m[2] === delay)}`
      const recipe = recipeFile(name)
      const first = await runCli(['run', recipe], trigger, delay)
      expect(first.killed).toBe(true)
      await checkVisibleState(name)
      // Interrupt the resume too, once, to show resuming any number of times is safe.
      const second = await runCli(['resume', join(root, name, 'work')], after('progress', 1), 20)
      expect(second.killed || second.code === 0).toBe(true)
      await checkVisibleState(name)
      const last = await runCli(['resume', join(root, name, 'work')])
      expect(last.code).toBe(0)
      expect(await checkVisibleState(name)).toBeGreaterThan(0)
      const rows = await exportRows(name)
      expect(rows.length).toBe(reference.length)
      expect(rows).toEqual(reference)
    },
    180_000
  )
})

describe('Ctrl+C: SIGINT during sieve run and sieve resume', () => {
  it('exits 130 with the job interrupted and every published file whole; resume then completes with exactly the uninterrupted rows', async () => {
    const name = 'sigint'
    const work = join(root, name, 'work')
    const readJob = async (): Promise<Manifest> => (await readManifest(join(work, 'metadata', 'manifest.json')))!
    const first = await runCli(['run', recipeFile(name)], after('checkpoint_save', 10), 0, 'SIGINT')
    expect(first).toMatchObject({ code: 130, signal: null, outcome: 'interrupted' })
    const stopped = await readJob()
    expect(stopped.status).toBe('interrupted')
    expect(stopped.partitions.some((p) => p.status !== 'done')).toBe(true)
    expect(stopped.partitions.filter((p) => p.status === 'running')).toEqual([])
    expect(await checkVisibleState(name)).toBeGreaterThan(0)
    expect(existsSync(join(work, 'temp')) ? readdirSync(join(work, 'temp')) : []).toEqual([])

    const second = await runCli(['resume', work], after('partition_complete', 2), 0, 'SIGINT')
    expect(second).toMatchObject({ code: 130, signal: null, outcome: 'interrupted' })
    expect((await readJob()).status).toBe('interrupted')
    await checkVisibleState(name)

    const last = await runCli(['resume', work])
    expect(last).toMatchObject({ code: 0, outcome: 'completed' })
    expect((await readJob()).status).toBe('completed')
    await checkVisibleState(name)
    expect(await exportRows(name)).toEqual(reference)
  }, 180_000)
})
