import { randomBytes } from 'node:crypto'
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises'
import { dirname, join, sep } from 'node:path'
import { SieveError } from '../shared/errors'
import { fileError } from '../engine/io/fs-errors'
import { fsyncDirectory } from '../engine/io/publish'

interface Upload {
  handle: FileHandle
  tempPath: string
  finalPath: string
  batchDir: string
  size: number
  received: number
}

const BATCH_ID = /^[a-z0-9-]{1,64}$/

/** Keeps the folder structure of a dropped folder but nothing that could climb out of the batch. */
export function safeRelativePath(relativePath: string): string {
  const parts = relativePath
    .split(/[\\/]+/)
    .filter((p) => p !== '' && p !== '.' && p !== '..')
    .map((p) => p.replace(/[\0<>:"|?*\x00-\x1f]/g, '_').slice(0, 255))
  if (parts.length === 0) throw new SieveError('BAD_REQUEST', `'${relativePath}' is not a usable file name.`)
  return parts.join(sep)
}

/**
 * Files a browser streams to the backend. Bytes go to a temp file that becomes visible under its
 * final name only when complete: the same publish rule as every other file Sieve writes.
 */
export class UploadStore {
  private readonly uploads = new Map<string, Upload>()

  constructor(readonly root: string) {}

  private get tempDir(): string {
    return join(this.root, 'temp')
  }

  /** Removes parts left by uploads that never finished (a closed tab, a killed backend). */
  async init(): Promise<void> {
    await rm(this.tempDir, { recursive: true, force: true })
    await mkdir(this.tempDir, { recursive: true })
  }

  async begin(name: string, size: number, relativePath?: string, batch?: string): Promise<{ uploadId: string; batch: string }> {
    if (batch !== undefined && !BATCH_ID.test(batch)) throw new SieveError('BAD_REQUEST', `'${batch}' is not an upload batch id.`)
    const batchId = batch ?? `${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`
    const uploadId = randomBytes(12).toString('hex')
    const batchDir = join(this.root, batchId)
    const finalPath = join(batchDir, safeRelativePath(relativePath ?? name))
    const tempPath = join(this.tempDir, `${uploadId}.part`)
    try {
      await mkdir(this.tempDir, { recursive: true })
      const handle = await open(tempPath, 'w')
      this.uploads.set(uploadId, { handle, tempPath, finalPath, batchDir, size, received: 0 })
    } catch (err) {
      throw fileError(err, tempPath)
    }
    return { uploadId, batch: batchId }
  }

  async chunk(uploadId: string, offset: number, bytes: Uint8Array): Promise<{ received: number }> {
    const upload = this.get(uploadId)
    if (offset !== upload.received) {
      throw new SieveError('BAD_REQUEST', `Upload chunk at offset ${offset}, expected ${upload.received}.`, { uploadId })
    }
    if (upload.received + bytes.byteLength > upload.size) {
      throw new SieveError('BAD_REQUEST', `Upload is larger than the ${upload.size} bytes announced.`, { uploadId })
    }
    try {
      await upload.handle.write(bytes, 0, bytes.byteLength, offset)
    } catch (err) {
      await this.abort(uploadId)
      throw fileError(err, upload.finalPath)
    }
    upload.received += bytes.byteLength
    return { received: upload.received }
  }

  async finish(uploadId: string): Promise<{ path: string; batchDir: string }> {
    const upload = this.get(uploadId)
    if (upload.received !== upload.size) {
      throw new SieveError('BAD_REQUEST', `Upload incomplete: ${upload.received} of ${upload.size} bytes received.`, { uploadId })
    }
    this.uploads.delete(uploadId)
    try {
      await upload.handle.sync()
      await upload.handle.close()
      await mkdir(dirname(upload.finalPath), { recursive: true })
      await rename(upload.tempPath, upload.finalPath)
      await fsyncDirectory(dirname(upload.finalPath))
    } catch (err) {
      await rm(upload.tempPath, { force: true })
      throw fileError(err, upload.finalPath)
    }
    return { path: upload.finalPath, batchDir: upload.batchDir }
  }

  async abort(uploadId: string): Promise<{ aborted: boolean }> {
    const upload = this.uploads.get(uploadId)
    if (upload === undefined) return { aborted: false }
    this.uploads.delete(uploadId)
    await upload.handle.close().catch(() => undefined)
    await rm(upload.tempPath, { force: true })
    return { aborted: true }
  }

  async close(): Promise<void> {
    await Promise.all([...this.uploads.keys()].map((id) => this.abort(id)))
  }

  private get(uploadId: string): Upload {
    const upload = this.uploads.get(uploadId)
    if (upload === undefined) throw new SieveError('NOT_FOUND', `No upload in progress with id ${uploadId}.`, { uploadId })
    return upload
  }
}
