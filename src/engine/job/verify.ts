import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import type { FileRecord } from './manifest'

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** A published file still is what the manifest says: same size, same sha256. */
export async function verify(root: string, record: FileRecord): Promise<boolean> {
  const path = isAbsolute(record.path) ? record.path : join(root, record.path)
  try {
    const s = await stat(path)
    if (s.size !== record.bytes) return false
    return (await sha256OfFile(path)) === record.sha256
  } catch {
    return false
  }
}
