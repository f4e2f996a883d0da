import { readFile } from 'node:fs/promises'
import { SieveError } from '../../shared/errors'

/** What Sieve was doing with a file when it failed: the message names it. */
export type FileOperation = 'read' | 'write' | 'rename'

const DOING: Record<FileOperation, string> = { read: 'reading', write: 'writing', rename: 'renaming a file to' }

/** Turns a Node file-system error into one message that names the file, what Sieve was doing, and what to do. */
export function fileError(err: unknown, path: string, operation: FileOperation = 'read'): SieveError {
  if (err instanceof SieveError) return err
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT':
      return new SieveError('NOT_FOUND', `No file or folder at ${path}. Check the path and try again.`, { path })
    case 'EACCES':
    case 'EPERM':
      return new SieveError(
        'PERMISSION_DENIED',
        operation === 'read'
          ? `Permission denied reading ${path}. Give your user read access to it.`
          : `Permission denied ${DOING[operation]} ${path}. Choose a folder you can write to, or give your user write access to it.`,
        { path, operation }
      )
    case 'EISDIR':
      return new SieveError('IS_A_DIRECTORY', `${path} is a folder, not a file.`, { path })
    case 'ENOTDIR':
      return new SieveError(
        'NOT_A_DIRECTORY',
        operation === 'read' ? `${path} is a file, not a folder.` : `A part of ${path} is a file, not a folder. Choose another path.`,
        { path }
      )
    case 'EROFS':
      return new SieveError(
        'PERMISSION_DENIED',
        `${path} is on a read-only file system, so Sieve cannot write it. Choose a folder on a writable disk.`,
        { path, operation }
      )
    case 'ENOSPC':
      return new SieveError('DISK_FULL', `The disk is full while writing ${path}. Free some space and try again.`, {
        path
      })
    default: {
      const reason = err instanceof Error ? err.message : String(err)
      return new SieveError(
        operation === 'read' ? 'UNREADABLE' : 'WRITE_FAILED',
        `Could not ${operation === 'rename' ? 'rename a file to' : operation} ${path}: ${reason}`,
        {
          path,
          operation,
          cause: code ?? reason
        }
      )
    }
  }
}

/** The whole file's bytes; a failure to read them becomes one message naming the file. */
export async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (err) {
    throw fileError(err, path)
  }
}
