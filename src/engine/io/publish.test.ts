import { existsSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { publishRename, StreamingFile } from './publish'

const scratch = scratchDir('publish')
afterAll(() => scratch.remove())

/** A temp file completed under temp/, ready to be renamed into place. */
async function completed(): Promise<StreamingFile> {
  const file = await StreamingFile.create(join(scratch.path, 'temp'), 'final')
  await file.write(new Uint8Array([1, 2, 3]), 'final')
  await file.complete('final')
  return file
}

describe('a failed publish names what it was doing', () => {
  it('a rename that fails says rename, never read; the temp file stays for its owner to remove', async () => {
    const file = await completed()
    const tooLong = join(scratch.path, `${'x'.repeat(300)}.parquet`)
    const err = await publishRename(file.tempPath, tooLong).catch((e: unknown) => e as Error)
    expect(err?.message).toMatch(/^Could not rename a file to .*x{300}\.parquet: ENAMETOOLONG/)
    expect(err?.message).not.toMatch(/read/)
    expect(existsSync(file.tempPath)).toBe(true)
  })

  it('a destination folder under a file says which path and that it was writing', async () => {
    const file = await completed()
    writeFileSync(join(scratch.path, 'plain-file'), 'x')
    const err = await publishRename(file.tempPath, join(scratch.path, 'plain-file', 'out', 'data.parquet')).catch((e: unknown) => e as Error)
    expect(err?.message).toMatch(/A part of .*plain-file\/out is a file, not a folder/)
    expect(readdirSync(join(scratch.path, 'temp'))).toContain(file.tempPath.split('/').pop())
  })
})
