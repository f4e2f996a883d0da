import { createHash, randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { copyFile, mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join, relative } from 'node:path'
import { fileError } from './fs-errors'

/** Makes a rename inside `dir` durable: without it a crash can forget the new name. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/**
 * Writes every byte of `bytes` (from `position` when given): one write() may take only part of
 * them (a disk filling up), and a short write that goes unnoticed leaves a hole or a torn record.
 */
export async function writeFully(handle: FileHandle, bytes: Uint8Array, position?: number): Promise<void> {
  let written = 0
  while (written < bytes.byteLength) {
    const at = position === undefined ? null : position + written
    const { bytesWritten } = await handle.write(bytes, written, bytes.byteLength - written, at)
    written += bytesWritten
  }
}

export interface PublishedFile {
  /** Relative to the work directory when published inside one, else absolute. */
  path: string
  bytes: number
  sha256: string
}

/**
 * The only way Sieve writes a file others may read: the bytes go to a fresh file under
 * `tempDir` (same filesystem), are flushed and fsynced, and only then renamed to `finalPath`,
 * whose directory is fsynced too. A reader sees the whole file or no file, even after SIGKILL
 * or a power cut. A full disk fails here, before anything visible changes.
 */
export async function publishBytes(tempDir: string, finalPath: string, bytes: Uint8Array, baseDir?: string): Promise<PublishedFile> {
  const temp = join(tempDir, `${randomBytes(8).toString('hex')}.part`)
  try {
    await mkdir(tempDir, { recursive: true })
    const handle = await open(temp, 'wx')
    try {
      await writeFully(handle, bytes)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await mkdir(dirname(finalPath), { recursive: true })
    await rename(temp, finalPath)
    await fsyncDirectory(dirname(finalPath))
  } catch (err) {
    // The temp file may never have existed, under a temp folder that is not one (ENOTDIR): the first error is the one to report.
    await rm(temp, { force: true }).catch(() => undefined)
    throw fileError(err, finalPath, 'write')
  }
  return {
    path: baseDir !== undefined ? relative(baseDir, finalPath) : finalPath,
    bytes: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex')
  }
}

/** Publishes text (JSON documents, recipe.yaml) the same way. */
export function publishText(tempDir: string, finalPath: string, text: string, baseDir?: string): Promise<PublishedFile> {
  return publishBytes(tempDir, finalPath, Buffer.from(text, 'utf8'), baseDir)
}

/**
 * Moves an already-complete temp file into place (export shards renamed once their count is
 * known). A destination on another file system than the temp file cannot take a rename: the
 * file is copied beside its final name, fsynced there, and renamed on that file system.
 */
export async function publishRename(tempPath: string, finalPath: string): Promise<void> {
  try {
    await mkdir(dirname(finalPath), { recursive: true })
  } catch (err) {
    throw fileError(err, dirname(finalPath), 'write')
  }
  try {
    await rename(tempPath, finalPath)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw fileError(err, finalPath, 'rename')
    await copyAcross(tempPath, finalPath)
  }
  try {
    await fsyncDirectory(dirname(finalPath))
  } catch (err) {
    throw fileError(err, finalPath, 'write')
  }
}

async function copyAcross(tempPath: string, finalPath: string): Promise<void> {
  const folder = dirname(finalPath)
  const beside = join(folder, `.${basename(finalPath)}.${randomBytes(8).toString('hex')}.part`)
  // A copy a crash interrupted has this very name pattern: it was Sieve's, for this file, and is of no use.
  const leftover = new RegExp(`^\\.${basename(finalPath).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.[0-9a-f]{16}\\.part$`)
  for (const name of await readdir(folder).catch(() => [] as string[])) if (leftover.test(name)) await rm(join(folder, name), { force: true })
  try {
    await copyFile(tempPath, beside, constants.COPYFILE_EXCL)
    const handle = await open(beside, 'r+')
    try {
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(beside, finalPath)
  } catch (err) {
    await rm(beside, { force: true })
    throw fileError(err, finalPath, 'write')
  }
  await rm(tempPath, { force: true })
}

/**
 * A file written piece by piece under `tempDir`, hashed as it goes, and published like any
 * other when it is complete: for outputs too large to hold in memory (export shards).
 */
export class StreamingFile {
  private bytes = 0
  private readonly hash = createHash('sha256')

  private constructor(
    readonly tempPath: string,
    private readonly handle: Awaited<ReturnType<typeof open>>
  ) {}

  static async create(tempDir: string, finalPath: string): Promise<StreamingFile> {
    const temp = join(tempDir, `${randomBytes(8).toString('hex')}.part`)
    try {
      await mkdir(tempDir, { recursive: true })
      return new StreamingFile(temp, await open(temp, 'wx'))
    } catch (err) {
      throw fileError(err, finalPath, 'write')
    }
  }

  async write(chunk: Uint8Array, finalPath: string): Promise<void> {
    try {
      await writeFully(this.handle, chunk)
    } catch (err) {
      await this.abort()
      throw fileError(err, finalPath, 'write')
    }
    this.hash.update(chunk)
    this.bytes += chunk.byteLength
  }

  /** Flushes, fsyncs and closes the temp file; it is complete but not yet visible. */
  async complete(finalPath: string): Promise<{ bytes: number; sha256: string }> {
    try {
      await this.handle.sync()
      await this.handle.close()
    } catch (err) {
      await rm(this.tempPath, { force: true })
      throw fileError(err, finalPath, 'write')
    }
    return { bytes: this.bytes, sha256: this.hash.digest('hex') }
  }

  async abort(): Promise<void> {
    await this.handle.close().catch(() => undefined)
    await rm(this.tempPath, { force: true })
  }
}
