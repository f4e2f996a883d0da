import { randomBytes } from 'node:crypto'
import { link, lstat, mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises'
import { dirname, join, sep } from 'node:path'
import { SieveError } from '../../shared/errors'
import { fileError, fsyncDirectory, writeFully } from '../../engine'

interface Upload {
  /** Who began it (one socket, one window): its uploads are dropped when it goes away. */
  owner: string
  handle: FileHandle
  tempPath: string
  finalPath: string
  batchDir: string
  size: number
  received: number
}

const BATCH_ID = /^[a-z0-9-]{1,64}$/
/** Where unfinished uploads are written: a name no batch id can take, since the folder is emptied at start. */
const PARTS_DIR = '.parts'
/** The browser sends one file at a time; a client holding more is leaking them, and each holds a descriptor. */
export const MAX_OPEN_UPLOADS_PER_CLIENT = 8
export const MAX_OPEN_UPLOADS = 64
/** File systems limit one name to 255 bytes (not characters): é takes two, most CJK three. */
const MAX_NAME_BYTES = 255

/** Keeps the folder structure of a dropped folder but nothing that could climb out of the batch. */
export function safeRelativePath(relativePath: string): string {
  const parts = relativePath
    .split(/[\\/]+/)
    .filter((p) => p !== '' && p !== '.' && p !== '..')
    .map((p) => p.replace(/[\0<>:"|?*\x00-\x1f]/g, '_'))
  if (parts.length === 0) throw new SieveError('BAD_REQUEST', `'${relativePath}' is not a usable file name.`)
  for (const part of parts) {
    const bytes = Buffer.byteLength(part)
    if (bytes > MAX_NAME_BYTES) {
      throw new SieveError(
        'BAD_REQUEST',
        `The name '${part}' is ${bytes} bytes long in UTF-8; a file name can have at most ${MAX_NAME_BYTES}. Rename it and drop it again.`,
        { name: part }
      )
    }
  }
  return parts.join(sep)
}

/**
 * Files a browser streams to the backend. Bytes go to a temp file that becomes visible under its
 * final name only when complete: the same publish rule as every other file Sieve writes.
 */
export class UploadStore {
  private readonly uploads = new Map<string, Upload>()
  /** Owners of uploads whose file is being opened, counted against the caps too. */
  private readonly opening: string[] = []

  constructor(readonly root: string) {}

  private get tempDir(): string {
    return join(this.root, PARTS_DIR)
  }

  /** Removes parts left by uploads that never finished (a closed tab, a killed backend). */
  async init(): Promise<void> {
    await rm(this.tempDir, { recursive: true, force: true })
    await mkdir(this.tempDir, { recursive: true })
  }

  async begin(owner: string, name: string, size: number, relativePath?: string, batch?: string): Promise<{ uploadId: string; batch: string }> {
    const owners = [...[...this.uploads.values()].map((u) => u.owner), ...this.opening]
    const ownOpen = owners.filter((o) => o === owner).length
    if (ownOpen >= MAX_OPEN_UPLOADS_PER_CLIENT || owners.length >= MAX_OPEN_UPLOADS) {
      throw new SieveError(
        'BAD_REQUEST',
        `Too many uploads in progress (${ownOpen} from this window, ${owners.length} in all). Finish or abort one before beginning another.`
      )
    }
    // Counted from here, before anything awaits: uploads begun together cannot race past the caps.
    this.opening.push(owner)
    try {
      return await this.openUpload(owner, name, size, relativePath, batch)
    } finally {
      this.opening.splice(this.opening.indexOf(owner), 1)
    }
  }

  private async openUpload(
    owner: string,
    name: string,
    size: number,
    relativePath?: string,
    batch?: string
  ): Promise<{ uploadId: string; batch: string }> {
    if (batch !== undefined && !BATCH_ID.test(batch)) throw new SieveError('BAD_REQUEST', `'${batch}' is not an upload batch id.`)
    const batchId = batch ?? `${new Date().toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`
    const uploadId = randomBytes(12).toString('hex')
    const batchDir = join(this.root, batchId)
    const finalPath = join(batchDir, safeRelativePath(relativePath ?? name))
    if ((await exists(finalPath)) || [...this.uploads.values()].some((u) => u.finalPath === finalPath)) throw alreadyThere(finalPath)
    const tempPath = join(this.tempDir, `${uploadId}.part`)
    try {
      await mkdir(this.tempDir, { recursive: true })
      const handle = await open(tempPath, 'w')
      this.uploads.set(uploadId, { owner, handle, tempPath, finalPath, batchDir, size, received: 0 })
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
      await writeFully(upload.handle, bytes, offset)
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
      await publishNew(upload.tempPath, upload.finalPath)
      await fsyncDirectory(dirname(upload.finalPath))
    } catch (err) {
      await rm(upload.tempPath, { force: true })
      throw err instanceof SieveError ? err : fileError(err, upload.finalPath)
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

  /** Aborts what one client left unfinished (its socket closed, its window went away). */
  async release(owner: string): Promise<void> {
    const own = [...this.uploads].filter(([, u]) => u.owner === owner).map(([id]) => id)
    await Promise.all(own.map((id) => this.abort(id)))
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

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false
  )
}

function alreadyThere(path: string): SieveError {
  return new SieveError(
    'BAD_REQUEST',
    `${path} already exists: two uploaded files have the same name in one upload. Rename one of them, or drop them one at a time.`,
    { path }
  )
}

/** Moves a finished part to its name, never over a file already there (link fails on an existing name). */
async function publishNew(tempPath: string, finalPath: string): Promise<void> {
  try {
    await link(tempPath, finalPath)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EEXIST') throw alreadyThere(finalPath)
    // File systems without hard links (FAT, exFAT): the name was free when checked, rename instead.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw err
    if (await exists(finalPath)) throw alreadyThere(finalPath)
    await rename(tempPath, finalPath)
    return
  }
  await rm(tempPath)
}
