import { execFileSync } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { duckdbCodecs, duckdbReadAll } from '../testing-duckdb'
import { EventLog, type JobEvent } from '../log/events'
import { ManifestWriter, newManifest, readManifest } from './manifest'
import { makeCorpus, parquetRows, recipeFrom, runToEnd } from './testing-jobs'

/**
 * A real full disk: a 3 MB tmpfs holds the work directory. Mounting needs root (CI runs as root);
 * elsewhere the reason is printed and the test does not run.
 */
const scratch = scratchDir('diskfull')
const mountPoint = join(scratch.path, 'tiny')
let mounted = false
let whyNot = ''

beforeAll(() => {
  mkdirSync(mountPoint, { recursive: true })
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint], { stdio: 'pipe' })
    mounted = true
  } catch (err) {
    whyNot = String((err as { stderr?: Buffer }).stderr ?? err).trim()
    console.log(`[disk-full] not run: cannot mount a small tmpfs here (${whyNot})`)
  }
})

afterAll(async () => {
  // A worker thread of a stopped job may still be closing its files for a moment: wait, then detach.
  for (let attempt = 0; mounted; attempt++) {
    try {
      execFileSync('umount', attempt < 20 ? [mountPoint] : ['-l', mountPoint], { stdio: 'pipe' })
      mounted = false
    } catch (err) {
      if (attempt >= 20) throw err
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  scratch.remove()
})

describe('a full disk', () => {
  it('fails the partitions that hit it with one clear message, damages nothing published, and resumes once space is back', async (ctx) => {
    if (!mounted) ctx.skip()
    const corpus = makeCorpus(join(scratch.path, 'corpus.jsonl'), 4000, 5)
    const recipe = recipeFrom(
      `dataset_path: ${corpus}
export_path: ${join(mountPoint, 'out.parquet')}
work_dir: ${join(mountPoint, 'work')}
partition_size: 500
np: 2
max_retries: 1
retry_backoff_ms: 10
preserve_intermediate_data: true
checkpointing: {compression: none, cleanup_old_checkpoints: false}
process:
  - whitespace_normalization_mapper:
  - text_length_filter: {min_len: 20}
  - document_deduplicator:
`,
      scratch.path
    )
    const first = await runToEnd(recipe)
    // Which write meets the full disk first decides how it ends: a partition's file fails that
    // partition; the manifest itself stops the job. Either way, one message that says so.
    expect(['completed_with_failures', 'failed']).toContain(first.outcome.status)
    const message = first.outcome.status === 'failed' ? first.outcome.message : first.outcome.failed[0]!.error
    expect(message).toMatch(/^The disk is full while writing .+\. Free some space and try again\./)
    const manifest = (await readManifest(join(recipe.work_dir, 'metadata', 'manifest.json')))!
    const checkpoints = manifest.partitions.flatMap((p) => p.checkpoints)
    for (const cp of checkpoints) {
      const file = join(recipe.work_dir, cp.path)
      expect((await duckdbReadAll(file)).rows, file).toBe(cp.rows)
      expect(new Set(await duckdbCodecs(file)), file).toEqual(new Set(['UNCOMPRESSED']))
    }
    // Some checkpoints were published before the disk filled (10 to 18 in runs here), so the check above is not empty.
    expect(checkpoints.length).toBeGreaterThan(0)
    expect(existsSync(join(recipe.work_dir, 'temp')) ? readdirSync(join(recipe.work_dir, 'temp')) : []).toEqual([])

    execFileSync('mount', ['-o', 'remount,size=256m', mountPoint])
    const second = await runToEnd(recipe, { resume: true })
    expect(second.outcome.status).toBe('completed')
    const fresh = recipeFrom(readFileSync(join(recipe.work_dir, 'recipe.yaml'), 'utf8'), scratch.path)
    fresh.work_dir = join(scratch.path, 'fresh', 'work')
    fresh.export_path = join(scratch.path, 'fresh', 'out.parquet')
    await runToEnd(fresh)
    expect(await parquetRows(recipe.export_path)).toEqual(await parquetRows(fresh.export_path))
  })
})

describe('a journal and an event log on a disk that fills mid-line', () => {
  it('keep no torn line: the append fails whole, and the next save after space is back reads back exactly', async (ctx) => {
    const point = join(scratch.path, 'journal-disk')
    mkdirSync(point, { recursive: true })
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', point], { stdio: 'pipe' })
    } catch {
      ctx.skip()
    }
    try {
      mkdirSync(join(point, 'metadata'))
      const path = join(point, 'metadata', 'manifest.json')
      const writer = new ManifestWriter(path, join(point, 'temp'), newManifest({ recipe_sha256: 'x', partitions: [{}, {}] }))
      await writer.save()
      writer.manifest.partitions[0]!.error = 'a'.repeat(100)
      await writer.save(0)
      const events = new EventLog(join(point, 'logs', 'events.jsonl'), { enabled: true, level: 'INFO', maxBytes: 0, backupCount: 0 })
      const event = (message: string): JobEvent => ({ timestamp: 1, event_type: 'job_start', level: 'INFO', job_id: 'j', message })
      events.write(event('small'))
      await events.flush()
      // Fill every free page: the journal's own last page still has room for part of a longer line,
      // so the next append is a short write, which the kernel reports as a count, not an error.
      const filler = openSync(join(point, 'filler'), 'w')
      try {
        for (;;) writeSync(filler, Buffer.alloc(4096, 1))
      } catch (err) {
        expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC')
      } finally {
        closeSync(filler)
      }
      writer.manifest.partitions[0]!.error = 'b'.repeat(8000)
      await expect(writer.save(0)).rejects.toThrow(/^The disk is full while writing /)
      events.write(event('b'.repeat(8000)))
      await events.flush()
      expect(events.lost).toBe(1)
      expect(readFileSync(join(point, 'logs', 'events.jsonl'), 'utf8')).toBe(`${JSON.stringify(event('small'))}\n`)
      const journal = readdirSync(join(point, 'metadata')).find((n) => n.endsWith('.journal'))!
      const text = readFileSync(join(point, 'metadata', journal), 'utf8')
      expect(text.endsWith('\n')).toBe(true)
      for (const line of text.trimEnd().split('\n')) expect(JSON.parse(line).state.error).toBe('a'.repeat(100))

      rmSync(join(point, 'filler'))
      writer.manifest.partitions[0]!.error = 'c'
      await writer.save(0)
      expect(await readManifest(path)).toEqual(writer.manifest)
    } finally {
      execFileSync('umount', ['-l', point])
    }
  })
})
