import { mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { uptime } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SieveError } from '../../shared/errors'
import { scratchDir } from '../testing'
import { WorkDir } from './layout'
import { readJobDetails, readJobSummary } from './status'
import { corpusRecipe, runToEnd } from './testing-jobs'

const scratch = scratchDir('status')
afterAll(() => scratch.remove())

async function failure(work: string): Promise<SieveError> {
  try {
    await readJobDetails(work)
  } catch (err) {
    if (err instanceof SieveError) return err
    throw err
  }
  throw new Error(`${work} was read as a job`)
}

describe('what a work directory says about its job', () => {
  it('a manifest left "running" is running only while its process is alive and holds a lock written since the machine started', async () => {
    const recipe = corpusRecipe(scratch.path, 'left-running', 1, '  - text_length_filter: {min_len: 20}')
    expect((await runToEnd(recipe)).outcome.status).toBe('completed')
    const dir = new WorkDir(recipe.work_dir)
    const manifest = JSON.parse(readFileSync(dir.manifest, 'utf8')) as { status: string; pid: number }
    const leave = (pid: number, lock: number | null): void => {
      writeFileSync(dir.manifest, JSON.stringify({ ...manifest, status: 'running', pid }))
      if (lock === null) rmSync(dir.lock, { force: true })
      else writeFileSync(dir.lock, String(lock))
    }
    // This process holds the lock: the job is running here.
    leave(process.pid, process.pid)
    expect((await readJobSummary(dir.root)).status).toBe('running')
    // This process lives on, but its job stopped without a final manifest and gave the lock back.
    leave(process.pid, null)
    expect((await readJobSummary(dir.root)).status).toBe('interrupted')
    // Another live process holds the lock (the pid was taken over).
    leave(process.pid, process.ppid)
    expect((await readJobSummary(dir.root)).status).toBe('interrupted')
    // The process is gone and its lock left behind (SIGKILL).
    const gone = 2 ** 22 - 3
    leave(gone, gone)
    expect((await readJobSummary(dir.root)).status).toBe('interrupted')
    // A lock from before the machine started: its pid now names another process (here, this one).
    leave(process.pid, process.pid)
    const beforeBoot = (Date.now() - uptime() * 1000 - 60_000) / 1000
    utimesSync(dir.lock, beforeBoot, beforeBoot)
    expect((await readJobSummary(dir.root)).status).toBe('interrupted')
  })

  it('tells a folder that is no work directory from a damaged one', async () => {
    const plain = join(scratch.path, 'plain')
    mkdirSync(plain, { recursive: true })
    expect(await failure(plain)).toMatchObject({ code: 'NOT_FOUND', details: { notWorkDir: true } })

    const recipe = corpusRecipe(scratch.path, 'damaged', 1, '  - text_length_filter: {min_len: 20}')
    await runToEnd(recipe)
    const dir = new WorkDir(recipe.work_dir)
    rmSync(dir.manifest)
    const noManifest = await failure(dir.root)
    expect(noManifest.message).toMatch(/has a plan but no manifest/)
    expect(noManifest.details?.notWorkDir).toBeUndefined()
  })
})
