import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { ManifestWriter, newManifest, newPartitionState, readManifest } from './manifest'

const scratch = scratchDir('manifest')
afterAll(() => scratch.remove())

describe('newManifest', () => {
  it('starts running, one pending partition per planned one, this process as its owner', () => {
    const before = Date.now()
    const m = newManifest({ recipe_sha256: 'abc', partitions: [1, 2, 3] })
    expect(m).toMatchObject({ version: 1, status: 'running', pid: process.pid, recipe_sha256: 'abc', dedup: {} })
    expect(m.partitions).toEqual([newPartitionState(), newPartitionState(), newPartitionState()])
    expect(m.started_at).toBe(m.updated_at)
    expect(Date.parse(m.started_at)).toBeGreaterThanOrEqual(before - 1000)
    expect(m.job_id).toMatch(/^\d{8}\d{6}-[0-9a-f]{6}$/)
    expect(m.job_id.slice(0, 14)).toBe(m.started_at.slice(0, 19).replace(/[-:T]/g, ''))
    expect(newManifest({ recipe_sha256: 'abc', partitions: [] }).job_id).not.toBe(m.job_id)
    expect('finished_at' in m || 'export' in m || 'error' in m).toBe(false)
  })

  it('a new partition has done nothing', () => {
    expect(newPartitionState()).toEqual({
      status: 'pending',
      stage: 0,
      attempts: 0,
      checkpoints: [],
      rejected: [],
      outcomes: [],
      bad_records: 0,
      rows_read: 0,
      ops: {},
      millis: 0
    })
  })
})

describe('readManifest', () => {
  it('reads what the writer wrote; a missing file is no manifest; anything else that is not one is refused', async () => {
    const dir = join(scratch.path, 'read')
    mkdirSync(dir)
    const path = join(dir, 'manifest.json')
    expect(await readManifest(path)).toBeUndefined()
    const writer = new ManifestWriter(path, join(dir, 'temp'), newManifest({ recipe_sha256: 'r', partitions: [0] }))
    await writer.save()
    expect(await readManifest(path)).toEqual(writer.manifest)
    for (const bad of ['{"version":2,"partitions":[]}', '{"version":1}', '{"version":1,"partitions":{}}']) {
      writeFileSync(path, bad)
      await expect(readManifest(path), bad).rejects.toThrow(`${path} is not a Sieve manifest`)
    }
    writeFileSync(path, '{"version":1,')
    await expect(readManifest(path)).rejects.toThrow(SyntaxError)
  })
})

describe('ManifestWriter', () => {
  it('writes indented JSON ending in a newline, stamps updated_at, and leaves no temp file', async () => {
    const dir = join(scratch.path, 'write')
    const path = join(dir, 'manifest.json')
    const manifest = newManifest({ recipe_sha256: 'r', partitions: [0] })
    manifest.updated_at = '2000-01-01T00:00:00.000Z'
    const writer = new ManifestWriter(path, join(dir, 'temp'), manifest)
    await writer.save()
    const text = readFileSync(path, 'utf8')
    expect(text).toBe(`${JSON.stringify(manifest, null, 1)}\n`)
    expect(manifest.updated_at).not.toBe('2000-01-01T00:00:00.000Z')
    expect(readdirSync(join(dir, 'temp'))).toEqual([])
  })

  it('saves asked for before the queued one starts merge into it, and it writes the latest state', async () => {
    const dir = join(scratch.path, 'merge')
    const path = join(dir, 'manifest.json')
    const writer = new ManifestWriter(path, join(dir, 'temp'), newManifest({ recipe_sha256: 'r', partitions: [0] }))
    const first = writer.save()
    writer.manifest.status = 'completed'
    const second = writer.save()
    writer.manifest.error = 'latest'
    const third = writer.save()
    expect(second).toBe(first)
    expect(third).toBe(first)
    await third
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ status: 'completed', error: 'latest' })
    writer.manifest.status = 'interrupted'
    const later = writer.save()
    expect(later).not.toBe(first)
    await later
    expect(JSON.parse(readFileSync(path, 'utf8')).status).toBe('interrupted')
  })

  it('a failed write fails its callers, and the next save writes again', async () => {
    const dir = join(scratch.path, 'fail')
    mkdirSync(dir)
    writeFileSync(join(dir, 'blocker'), '')
    const blocked = new ManifestWriter(join(dir, 'blocker', 'manifest.json'), join(dir, 'temp'), newManifest({ recipe_sha256: 'r', partitions: [] }))
    await expect(blocked.save()).rejects.toThrow(/blocker/)
    await expect(blocked.save()).rejects.toThrow(/blocker/)
    const path = join(dir, 'manifest.json')
    const writer = new ManifestWriter(path, join(dir, 'temp'), blocked.manifest)
    await writer.save()
    writer.manifest.status = 'failed'
    await writer.save()
    expect(JSON.parse(readFileSync(path, 'utf8')).status).toBe('failed')
  })
})
