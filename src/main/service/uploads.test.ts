import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../../engine/testing'
import { MAX_OPEN_UPLOADS, MAX_OPEN_UPLOADS_PER_CLIENT, safeRelativePath, UploadStore } from './uploads'

const scratch = scratchDir('uploads')
const OWNER = 'socket-1'
afterAll(() => scratch.remove())

describe('UploadStore', () => {
  it('writes chunks to temp and shows the file under its name only when finished', async () => {
    const store = new UploadStore(join(scratch.path, 'u1'))
    await store.init()
    const { uploadId, batch } = await store.begin(OWNER, 'data.jsonl', 6, 'corpus/data.jsonl')
    await store.chunk(uploadId, 0, Buffer.from('{"a"'))
    const finalPath = join(scratch.path, 'u1', batch, 'corpus', 'data.jsonl')
    expect(existsSync(finalPath)).toBe(false)
    await expect(store.finish(uploadId)).rejects.toThrow(/incomplete: 4 of 6/)
    await store.chunk(uploadId, 4, Buffer.from(':1'))
    // finish refused above removed nothing: the upload is still there to complete
    const again = await store.begin(OWNER, 'x', 0)
    await store.finish(again.uploadId)
    await expect(store.chunk(uploadId, 6, Buffer.from('}'))).rejects.toThrow(/larger than the 6 bytes/)
    expect(existsSync(finalPath)).toBe(false)
  })

  it('completes an upload, refusing chunks out of order', async () => {
    const store = new UploadStore(join(scratch.path, 'u2'))
    await store.init()
    const { uploadId } = await store.begin(OWNER, 'a.jsonl', 4)
    await expect(store.chunk(uploadId, 2, Buffer.from('zz'))).rejects.toThrow(/offset 2, expected 0/)
    await store.chunk(uploadId, 0, Buffer.from('ab'))
    await store.chunk(uploadId, 2, Buffer.from('cd'))
    const { path } = await store.finish(uploadId)
    expect(readFileSync(path, 'utf8')).toBe('abcd')
    expect(readdirSync(join(scratch.path, 'u2', '.parts'))).toEqual([])
  })

  it('abort removes the partial file; init clears parts left by a crash', async () => {
    const store = new UploadStore(join(scratch.path, 'u3'))
    await store.init()
    const a = await store.begin(OWNER, 'a', 10)
    await store.chunk(a.uploadId, 0, Buffer.from('12345'))
    expect(await store.abort(a.uploadId)).toEqual({ aborted: true })
    expect(readdirSync(join(scratch.path, 'u3', '.parts'))).toEqual([])
    await store.begin(OWNER, 'b', 10)
    await new UploadStore(join(scratch.path, 'u3')).init()
    expect(readdirSync(join(scratch.path, 'u3', '.parts'))).toEqual([])
  })

  it('never lets a relative path climb out of its batch', () => {
    expect(safeRelativePath('../../etc/passwd')).toBe(join('etc', 'passwd'))
    expect(safeRelativePath('a\\..\\b/./c.jsonl')).toBe(join('a', 'b', 'c.jsonl'))
    expect(() => safeRelativePath('../..')).toThrow(/not a usable file name/)
  })

  it('keeps a batch named "temp" (or any other id) when the store starts again', async () => {
    const root = join(scratch.path, 'u4')
    const store = new UploadStore(root)
    await store.init()
    const begun = await store.begin(OWNER, 'a.jsonl', 2, undefined, 'temp')
    await store.chunk(begun.uploadId, 0, Buffer.from('ab'))
    const { path } = await store.finish(begun.uploadId)
    expect(path).toBe(join(root, 'temp', 'a.jsonl'))
    await new UploadStore(root).init()
    expect(readFileSync(path, 'utf8')).toBe('ab')
  })

  it("caps the uploads one client and all clients hold open, and releases a client's on request", async () => {
    const store = new UploadStore(join(scratch.path, 'u5'))
    await store.init()
    const parts = join(scratch.path, 'u5', '.parts')
    // Begun together, uploads are counted while their files open: the caps cannot be raced past.
    const greedy = await Promise.allSettled(Array.from({ length: MAX_OPEN_UPLOADS_PER_CLIENT + 3 }, (_, i) => store.begin('greedy', `f${i}`, 1)))
    expect(greedy.filter((r) => r.status === 'fulfilled').length).toBe(MAX_OPEN_UPLOADS_PER_CLIENT)
    await expect(store.begin('greedy', 'one-more', 1)).rejects.toThrow(/Too many uploads in progress \(8 from this window/)
    const raced = await Promise.allSettled(Array.from({ length: MAX_OPEN_UPLOADS }, (_, i) => store.begin(`client-${i % 16}`, `r${i}`, 1)))
    expect(raced.filter((r) => r.status === 'fulfilled').length).toBe(MAX_OPEN_UPLOADS - MAX_OPEN_UPLOADS_PER_CLIENT)
    expect(readdirSync(parts).length).toBe(MAX_OPEN_UPLOADS)
    await store.release('greedy')
    expect(readdirSync(parts).length).toBe(MAX_OPEN_UPLOADS - MAX_OPEN_UPLOADS_PER_CLIENT)
    await store.begin('greedy', 'again', 1)
    await store.close()
    expect(readdirSync(parts)).toEqual([])
  })

  it('limits a name to 255 bytes, not characters, and says so when the upload begins', async () => {
    const store = new UploadStore(join(scratch.path, 'u6'))
    await store.init()
    const tooLong = `${'é'.repeat(206)}.jsonl`
    await expect(store.begin(OWNER, tooLong, 1)).rejects.toThrow(/is 418 bytes long in UTF-8; a file name can have at most 255/)
    await expect(store.begin(OWNER, 'x', 1, `dir/${tooLong}`)).rejects.toThrow(/418 bytes/)
    const longest = `${'é'.repeat(124)}.jsonl`
    expect(Buffer.byteLength(longest)).toBe(254)
    const begun = await store.begin(OWNER, longest, 1)
    await store.chunk(begun.uploadId, 0, Buffer.from('x'))
    const { path } = await store.finish(begun.uploadId)
    expect(readFileSync(path, 'utf8')).toBe('x')
  })

  it('never replaces a file already uploaded under the same name in the same batch', async () => {
    const store = new UploadStore(join(scratch.path, 'u7'))
    await store.init()
    const first = await store.begin(OWNER, 'data.jsonl', 5)
    // Two dropped files from different folders, both named data.jsonl, begun before either finished.
    await expect(store.begin(OWNER, 'data.jsonl', 3, undefined, first.batch)).rejects.toThrow(
      /data\.jsonl already exists: two uploaded files have the same name/
    )
    await store.chunk(first.uploadId, 0, Buffer.from('first'))
    const { path } = await store.finish(first.uploadId)
    await expect(store.begin(OWNER, 'data.jsonl', 3, undefined, first.batch)).rejects.toThrow(/already exists/)
    expect(readFileSync(path, 'utf8')).toBe('first')
    expect(readdirSync(join(scratch.path, 'u7', '.parts'))).toEqual([])
  })
})
