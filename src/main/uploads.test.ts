import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../engine/testing'
import { safeRelativePath, UploadStore } from './uploads'

const scratch = scratchDir('uploads')
afterAll(() => scratch.remove())

describe('UploadStore', () => {
  it('writes chunks to temp and shows the file under its name only when finished', async () => {
    const store = new UploadStore(join(scratch.path, 'u1'))
    await store.init()
    const { uploadId, batch } = await store.begin('data.jsonl', 6, 'corpus/data.jsonl')
    await store.chunk(uploadId, 0, Buffer.from('{"a"'))
    const finalPath = join(scratch.path, 'u1', batch, 'corpus', 'data.jsonl')
    expect(existsSync(finalPath)).toBe(false)
    await expect(store.finish(uploadId)).rejects.toThrow(/incomplete: 4 of 6/)
    await store.chunk(uploadId, 4, Buffer.from(':1'))
    // finish refused above removed nothing: the upload is still there to complete
    const again = await store.begin('x', 0)
    await store.finish(again.uploadId)
    await expect(store.chunk(uploadId, 6, Buffer.from('}'))).rejects.toThrow(/larger than the 6 bytes/)
    expect(existsSync(finalPath)).toBe(false)
  })

  it('completes an upload, refusing chunks out of order', async () => {
    const store = new UploadStore(join(scratch.path, 'u2'))
    await store.init()
    const { uploadId } = await store.begin('a.jsonl', 4)
    await expect(store.chunk(uploadId, 2, Buffer.from('zz'))).rejects.toThrow(/offset 2, expected 0/)
    await store.chunk(uploadId, 0, Buffer.from('ab'))
    await store.chunk(uploadId, 2, Buffer.from('cd'))
    const { path } = await store.finish(uploadId)
    expect(readFileSync(path, 'utf8')).toBe('abcd')
    expect(readdirSync(join(scratch.path, 'u2', 'temp'))).toEqual([])
  })

  it('abort removes the partial file; init clears parts left by a crash', async () => {
    const store = new UploadStore(join(scratch.path, 'u3'))
    await store.init()
    const a = await store.begin('a', 10)
    await store.chunk(a.uploadId, 0, Buffer.from('12345'))
    expect(await store.abort(a.uploadId)).toEqual({ aborted: true })
    expect(readdirSync(join(scratch.path, 'u3', 'temp'))).toEqual([])
    await store.begin('b', 10)
    await new UploadStore(join(scratch.path, 'u3')).init()
    expect(readdirSync(join(scratch.path, 'u3', 'temp'))).toEqual([])
  })

  it('never lets a relative path climb out of its batch', () => {
    expect(safeRelativePath('../../etc/passwd')).toBe(join('etc', 'passwd'))
    expect(safeRelativePath('a\\..\\b/./c.jsonl')).toBe(join('a', 'b', 'c.jsonl'))
    expect(() => safeRelativePath('../..')).toThrow(/not a usable file name/)
  })
})
