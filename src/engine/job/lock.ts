import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { uptime } from 'node:os'
import { dirname } from 'node:path'
import { SieveError } from '../../shared/errors'

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Slack for clocks and file-time resolution when a lock's age is compared with the machine's start. */
const BOOT_SLACK_MS = 5000

/**
 * The pid holding a work directory's lock, or undefined when none does. A lock written before the
 * machine last started belongs to a process that cannot be alive, whatever now has its pid.
 */
export function lockHolder(path: string): number | undefined {
  try {
    const bootedAt = Date.now() - uptime() * 1000
    if (statSync(path).mtimeMs < bootedAt - BOOT_SLACK_MS) return undefined
    const pid = Number(readFileSync(path, 'utf8'))
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/** The first write into a work directory failed: say so about the folder, and how to choose another. */
function unwritable(err: unknown, workDir: string): SieveError {
  const code = (err as NodeJS.ErrnoException).code
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EROFS'
        ? 'it is on a read-only file system'
        : code === 'ENOTDIR'
          ? 'a part of that path is a file, not a folder'
          : code === 'ENOSPC'
            ? 'the disk is full'
            : (err as Error).message
  return new SieveError(
    code === 'ENOSPC' ? 'DISK_FULL' : 'PERMISSION_DENIED',
    `Cannot write the work directory ${workDir}: ${why}. Set work_dir (or --work-dir) to a folder you can write to.`,
    {
      workDir,
      cause: code
    }
  )
}

/**
 * One process at a time per work directory: the lock file holds the owner's pid. A lock whose
 * process is gone (killed, crashed) is taken over; a live one is refused with a clear message.
 */
export function acquireLock(path: string, workDir: string): () => void {
  try {
    mkdirSync(dirname(path), { recursive: true })
  } catch (err) {
    throw unwritable(err, workDir)
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' })
      return () => rmSync(path, { force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw unwritable(err, workDir)
      const owner = lockHolder(path)
      if (owner !== undefined && owner !== process.pid && processAlive(owner)) {
        throw new SieveError(
          'BAD_REQUEST',
          `${workDir} is in use by another Sieve process (pid ${owner}). Wait for it to finish, or stop it first.`,
          {
            workDir,
            pid: owner
          }
        )
      }
      rmSync(path, { force: true })
    }
  }
  throw new SieveError('BAD_REQUEST', `Could not take the lock of ${workDir}.`, { workDir })
}
