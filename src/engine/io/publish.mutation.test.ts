import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SieveError } from '../../shared/errors'
import { scratchDir } from '../testing'
import { fsyncDirectory, publishBytes, publishRename, publishText, StreamingFile } from './publish'

const scratch = scratchDir('publish')
afterAll(() => scratch.remove())
let n = 0
const fresh = (): string => {
  const dir = join(scratch.path, `case-${n++}`)
  mkdirSync(dir)
  return dir
}
const sha = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex')

describe('publishBytes', () => {
  it('writes every byte to the final path, under folders it creates, and leaves no temp file behind', async () => {
    const dir = fresh()
    const bytes = new Uint8Array(3 << 20).map((_, i) => (i * 7) % 256)
    const published = await publishBytes(join(dir, 'temp'), join(dir, 'results', 'deep', 'a.bin'), bytes, dir)
    expect(published).toEqual({ path: join('results', 'deep', 'a.bin'), bytes: bytes.byteLength, sha256: sha(bytes) })
    expect(Buffer.compare(readFileSync(join(dir, 'results', 'deep', 'a.bin')), bytes)).toBe(0)
    expect(readdirSync(join(dir, 'temp'))).toEqual([])
  })

  it('without a base directory the published path is the absolute final path', async () => {
    const dir = fresh()
    const final = join(dir, 'b.bin')
    expect((await publishBytes(join(dir, 'temp'), final, new Uint8Array([1, 2]))).path).toBe(final)
  })

  it('an empty file is published too', async () => {
    const dir = fresh()
    expect(await publishBytes(join(dir, 'temp'), join(dir, 'empty'), new Uint8Array(0), dir)).toEqual({ path: 'empty', bytes: 0, sha256: sha('') })
    expect(readFileSync(join(dir, 'empty')).length).toBe(0)
  })

  it('replaces an existing file whole', async () => {
    const dir = fresh()
    writeFileSync(join(dir, 'c.txt'), 'old contents that are longer')
    await publishText(join(dir, 'temp'), join(dir, 'c.txt'), 'new')
    expect(readFileSync(join(dir, 'c.txt'), 'utf8')).toBe('new')
  })

  it('a final path that cannot be created fails with a message naming it, the old state untouched and no temp file left', async () => {
    const dir = fresh()
    writeFileSync(join(dir, 'blocker'), 'a file where a folder should be')
    const final = join(dir, 'blocker', 'x.bin')
    const failure = await publishBytes(join(dir, 'temp'), final, new Uint8Array([1])).catch((err: unknown) => err)
    expect(failure).toBeInstanceOf(SieveError)
    expect((failure as SieveError).message).toContain(final)
    expect(readdirSync(join(dir, 'temp'))).toEqual([])
    expect(readFileSync(join(dir, 'blocker'), 'utf8')).toBe('a file where a folder should be')
  })
})

describe('publishText', () => {
  it('publishes UTF-8 text and hashes its bytes', async () => {
    const dir = fresh()
    const text = 'naïve ✓\n'
    expect(await publishText(join(dir, 'temp'), join(dir, 'r.yaml'), text, dir)).toEqual({
      path: 'r.yaml',
      bytes: Buffer.byteLength(text),
      sha256: sha(Buffer.from(text))
    })
    expect(readFileSync(join(dir, 'r.yaml'), 'utf8')).toBe(text)
  })
})

describe('publishRename', () => {
  it('moves a complete file into a folder it creates', async () => {
    const dir = fresh()
    writeFileSync(join(dir, 'part'), 'shard')
    await publishRename(join(dir, 'part'), join(dir, 'out', 'shard-0.parquet'))
    expect(readFileSync(join(dir, 'out', 'shard-0.parquet'), 'utf8')).toBe('shard')
    expect(existsSync(join(dir, 'part'))).toBe(false)
  })

  it('a missing source fails with a message naming the final path', async () => {
    const dir = fresh()
    const final = join(dir, 'out.parquet')
    await expect(publishRename(join(dir, 'nothing'), final)).rejects.toThrow(final)
  })
})

describe('fsyncDirectory', () => {
  it('syncs a folder, and fails on one that does not exist', async () => {
    const dir = fresh()
    await expect(fsyncDirectory(dir)).resolves.toBeUndefined()
    await expect(fsyncDirectory(join(dir, 'missing'))).rejects.toThrow(/ENOENT/)
  })
})

describe('StreamingFile', () => {
  it('writes pieces under the temp folder, hashes them all, and only a rename makes them visible', async () => {
    const dir = fresh()
    const final = join(dir, 'big.parquet')
    const file = await StreamingFile.create(join(dir, 'temp'), final)
    expect(file.tempPath.startsWith(join(dir, 'temp'))).toBe(true)
    expect(file.tempPath.endsWith('.part')).toBe(true)
    const pieces = [Buffer.from('one '), Buffer.alloc(2 << 20, 1), Buffer.from('three')]
    for (const p of pieces) await file.write(p, final)
    expect(existsSync(final)).toBe(false)
    const whole = Buffer.concat(pieces)
    expect(await file.complete(final)).toEqual({ bytes: whole.length, sha256: sha(whole) })
    expect(Buffer.compare(readFileSync(file.tempPath), whole)).toBe(0)
    await publishRename(file.tempPath, final)
    expect(readdirSync(join(dir, 'temp'))).toEqual([])
  })

  it('abort removes the temp file', async () => {
    const dir = fresh()
    const file = await StreamingFile.create(join(dir, 'temp'), join(dir, 'x'))
    await file.write(Buffer.from('partial'), join(dir, 'x'))
    await file.abort()
    expect(readdirSync(join(dir, 'temp'))).toEqual([])
  })

  it('a temp folder that cannot be made fails with a message naming the final path', async () => {
    const dir = fresh()
    writeFileSync(join(dir, 'blocker'), '')
    const final = join(dir, 'y.parquet')
    await expect(StreamingFile.create(join(dir, 'blocker', 'temp'), final)).rejects.toThrow(final)
  })

  it('a write after the file is closed fails naming the final path and removes the temp file', async () => {
    const dir = fresh()
    const final = join(dir, 'z.parquet')
    const file = await StreamingFile.create(join(dir, 'temp'), final)
    await file.complete(final)
    await expect(file.write(Buffer.from('late'), final)).rejects.toThrow(final)
    expect(readdirSync(join(dir, 'temp'))).toEqual([])
  })

  it('completing twice fails naming the final path and removes the temp file', async () => {
    const dir = fresh()
    const final = join(dir, 'w.parquet')
    const file = await StreamingFile.create(join(dir, 'temp'), final)
    await file.complete(final)
    await expect(file.complete(final)).rejects.toThrow(final)
    expect(readdirSync(join(dir, 'temp'))).toEqual([])
  })
})

describe('publishing leaves nothing open or behind', () => {
  const openDescriptors = (): number => readdirSync('/proc/self/fd').length

  it('a temp folder is made however deep, and reused by the next file', async () => {
    const dir = fresh()
    const temp = join(dir, 'a', 'b', 'temp')
    await publishBytes(temp, join(dir, 'one'), new Uint8Array([1]))
    await publishBytes(temp, join(dir, 'two'), new Uint8Array([2]))
    const streaming = await StreamingFile.create(temp, join(dir, 'three'))
    await (await StreamingFile.create(temp, join(dir, 'four'))).abort()
    await streaming.abort()
    expect(readdirSync(temp)).toEqual([])
  })

  it('a temp folder that cannot be made fails publishBytes with a message naming the final path', async () => {
    const dir = fresh()
    writeFileSync(join(dir, 'blocker'), '')
    const final = join(dir, 'v.bin')
    const failure = await publishBytes(join(dir, 'blocker', 'temp'), final, new Uint8Array([1])).catch((err: unknown) => err)
    expect(failure).toBeInstanceOf(SieveError)
    expect((failure as SieveError).message).toContain(final)
  })

  it('closes every file and folder it opens', async () => {
    const dir = fresh()
    const before = openDescriptors()
    for (let i = 0; i < 20; i++) {
      await publishBytes(join(dir, 'temp'), join(dir, `f${i}`), new Uint8Array([i]))
      await fsyncDirectory(dir)
    }
    expect(openDescriptors()).toBe(before)
  })

  it('abort twice, or complete after abort, neither leaves a file nor fails on the missing one', async () => {
    const dir = fresh()
    const final = join(dir, 'u.parquet')
    const file = await StreamingFile.create(join(dir, 'temp'), final)
    await file.abort()
    await expect(file.abort()).resolves.toBeUndefined()
    const failure = await file.complete(final).catch((err: unknown) => err)
    expect(failure).toBeInstanceOf(SieveError)
    expect((failure as SieveError).message).toContain(final)
    expect(readdirSync(join(dir, 'temp'))).toEqual([])
  })
})
