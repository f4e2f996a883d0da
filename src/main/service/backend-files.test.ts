import { execFileSync } from 'node:child_process'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../../engine/testing'
import { listDirectory, MAX_LISTING, readRecipeText } from './backend'

const scratch = scratchDir('backend-files')
afterAll(() => scratch.remove())

describe('recipes/read', () => {
  it('refuses a named pipe called *.yaml (directly or through a link) without waiting for a writer', async () => {
    const fifo = join(scratch.path, 'pipe.yaml')
    execFileSync('mkfifo', [fifo])
    const link = join(scratch.path, 'link.yaml')
    symlinkSync(fifo, link)
    await expect(readRecipeText(fifo)).rejects.toThrow(/pipe\.yaml is not a regular file \(it is a pipe, socket or device\)/)
    await expect(readRecipeText(link)).rejects.toThrow(/link\.yaml is not a regular file/)
  })

  it('reads a regular recipe, and names a folder called *.yaml as a folder', async () => {
    const recipe = join(scratch.path, 'r.yaml')
    writeFileSync(recipe, 'process: []\n')
    expect(await readRecipeText(recipe)).toBe('process: []\n')
    mkdirSync(join(scratch.path, 'folder.yaml'))
    await expect(readRecipeText(join(scratch.path, 'folder.yaml'))).rejects.toThrow(/folder\.yaml is a folder/)
  })
})

describe('fs/list', () => {
  it('sorts before it cuts a huge folder to its first entries, and says how many there are', async () => {
    const dir = join(scratch.path, 'huge')
    mkdirSync(dir)
    const files = Array.from({ length: MAX_LISTING + 10 }, (_, i) => `f${String(i).padStart(5, '0')}.jsonl`)
    for (const name of files) writeFileSync(join(dir, name), '')
    // Made last, sorted last by name: only a sort before the cut puts them first.
    for (const name of ['zz-b', 'zz-a']) mkdirSync(join(dir, name))
    writeFileSync(join(dir, '.hidden'), '')
    const listing = await listDirectory(dir, false)
    expect(listing.totalEntries).toBe(MAX_LISTING + 12)
    expect(listing.entries.length).toBe(MAX_LISTING)
    expect(listing.entries.slice(0, 3).map((e) => [e.name, e.kind])).toEqual([
      ['zz-a', 'directory'],
      ['zz-b', 'directory'],
      ['f00000.jsonl', 'file']
    ])
    expect(listing.entries.map((e) => e.name).slice(2)).toEqual(files.slice(0, MAX_LISTING - 2))
  })

  it('says nothing is cut when everything is shown, and lists a link by what it points to', async () => {
    const dir = join(scratch.path, 'small')
    mkdirSync(join(dir, 'sub'), { recursive: true })
    writeFileSync(join(dir, 'a.jsonl'), 'x')
    symlinkSync(join(dir, 'sub'), join(dir, 'link-to-sub'))
    symlinkSync(join(dir, 'missing'), join(dir, 'broken'))
    execFileSync('mkfifo', [join(dir, 'pipe')])
    const listing = await listDirectory(dir, false)
    expect(listing.totalEntries).toBeUndefined()
    expect(listing.entries.map((e) => [e.name, e.kind])).toEqual([
      ['link-to-sub', 'directory'],
      ['sub', 'directory'],
      ['a.jsonl', 'file']
    ])
  })
})
