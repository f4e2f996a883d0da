import { readFile } from 'node:fs/promises'
import { SieveError } from '../../shared/errors'

/** Turns a Node file-system error into one message that names the file and what to do. */
export function fileError(err: unknown, path: string): SieveError {
  if (err instanceof SieveError) return err
  const code = (err as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT':
      return new SieveError('NOT_FOUND', `No file or folder at ${path}. Check the path and try again.`, { path })
    case 'EACCES':
    case 'EPERM':
      return new SieveError('PERMISSION_DENIED', `Permission denied reading ${path}. Give your user read access to it.`, {
        path
      })
    case 'EISDIR':
      return new SieveError('IS_A_DIRECTORY', `${path} is a folder, not a file.`, { path })
    case 'ENOTDIR':
      return new SieveError('NOT_A_DIRECTORY', `${path} is a file, not a folder.`, { path })
    case 'ENOSPC':
      return new SieveError('DISK_FULL', `The disk is full while writing ${path}. Free some space and try again.`, {
        path
      })
    default: {
      const reason = err instanceof Error ? err.message : String(err)
      return new SieveError('UNREADABLE', `Could not read ${path}: ${reason}`, { path, cause: code ?? reason })
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
