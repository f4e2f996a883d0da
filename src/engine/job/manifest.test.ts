import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { ManifestWriter, newManifest, readManifest, type Manifest } from './manifest'

const scratch = scratchDir('manifest')
afterAll(() => scratch.remove())

function writerIn(name: string, partitions: number): { writer: ManifestWriter; path: string; dir: string } {
  const dir = join(scratch.path, name, 'metadata')
  mkdirSync(dir, { recursive: true })
  mkdirSync(join(scratch.path, name, 'temp'), { recursive: true })
  const manifest = newManifest({ recipe_sha256: 'x', partitions: Array.from({ length: partitions }) })
  return { writer: new ManifestWriter(join(dir, 'manifest.json'), join(scratch.path, name, 'temp'), manifest), path: join(dir, 'manifest.json'), dir }
}

const journals = (dir: string): string[] => readdirSync(dir).filter((n) => n.endsWith('.journal'))

/** A checkpoint record as a partition's change. */
function addCheckpoint(m: Manifest, id: number, op: number): void {
  m.partitions[id]!.checkpoints.push({
    path: `checkpoints/partition_${id}/op_${op}.parquet`,
    bytes: 10,
    sha256: 'a'.repeat(64),
    rows: 1,
    op_index: op,
    op_name: 'm',
    format: 'parquet',
    schema: ''
  })
}

describe('the manifest on disk', () => {
  it("a partition's change costs one journal line, whatever the number of partitions; read back, it is there", async () => {
    const { writer, path, dir } = writerIn('cost', 4000)
    await writer.save()
    const snapshotBytes = statSync(path).size
    expect(snapshotBytes).toBeGreaterThan(400_000)
    for (let op = 0; op < 20; op++) {
      addCheckpoint(writer.manifest, 7, op)
      await writer.save(7)
    }
    // The snapshot was not rewritten; the journal holds 20 lines of one partition each.
    expect(statSync(path).size).toBe(snapshotBytes)
    const [journal] = journals(dir)
    const lines = readFileSync(join(dir, journal!), 'utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(20)
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(6000)
    expect(await readManifest(path)).toEqual(writer.manifest)
  })

  it('a torn last line (a kill mid-append) is ignored; a journal of an older snapshot is never applied', async () => {
    const { writer, path, dir } = writerIn('torn', 3)
    await writer.save()
    addCheckpoint(writer.manifest, 1, 0)
    await writer.save(1)
    const saved = structuredClone(writer.manifest)
    const [journal] = journals(dir)
    appendFileSync(join(dir, journal!), '{"id":1,"at":"2026-01-01T00:00:00.000Z","state":{"status":"do')
    expect(await readManifest(path)).toEqual(saved)
    // A journal left by a snapshot that was replaced (killed before it was removed) names another generation.
    writeFileSync(
      join(dir, 'manifest-0123456789ab.journal'),
      `${JSON.stringify({ id: 0, at: saved.updated_at, state: { ...saved.partitions[0], status: 'failed' } })}\n`
    )
    expect(await readManifest(path)).toEqual(saved)
  })

  it('folds the journal into a new snapshot once it outgrows it, and removes the old journal', async () => {
    const { writer, path, dir } = writerIn('compact', 2)
    await writer.save()
    const first = writer.manifest.journal
    let op = 0
    while (writer.manifest.journal === first) {
      addCheckpoint(writer.manifest, op % 2, op)
      await writer.save(op % 2)
      op++
    }
    // The new snapshot's journal has no line yet, and the old one is gone.
    expect(journals(dir)).toEqual([])
    expect(JSON.parse(readFileSync(path, 'utf8')).partitions[0].checkpoints.length).toBeGreaterThan(10)
    expect(await readManifest(path)).toEqual(writer.manifest)
  })
})
