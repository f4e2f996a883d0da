import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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

/** The pid holding a work directory's lock, or undefined when none does. */
export function lockHolder(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8'))
    return Number.isInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/**
 * One process at a time per work directory: the lock file holds the owner's pid. A lock whose
 * process is gone (killed, crashed) is taken over; a live one is refused with a clear message.
 */
export function acquireLock(path: string, workDir: string): () => void {
  mkdirSync(dirname(path), { recursive: true })
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx' })
      return () => rmSync(path, { force: true })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const owner = Number(readFileSync(path, 'utf8'))
      if (Number.isInteger(owner) && owner !== process.pid && processAlive(owner)) {
        throw new SieveError('BAD_REQUEST', `${workDir} is in use by another Sieve process (pid ${owner}). Wait for it to finish, or stop it first.`, {
          workDir,
          pid: owner
        })
      }
      rmSync(path, { force: true })
    }
  }
  throw new SieveError('BAD_REQUEST', `Could not take the lock of ${workDir}.`, { workDir })
}
