import { stat } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import type { ExportFileCheck } from '../../shared/jobs'
import type { FileRecord, Manifest } from './manifest'
import { sha256OfFile } from './verify'

/** Files up to this size are hashed whenever their modification time says they may have changed. */
export const HASH_UNASKED_BYTES = 64 << 20

/**
 * Each export file the manifest records, as found now. Cheap first: a missing file or another size
 * is decided by `stat`; a file not modified since the job ended is taken as the one it wrote; one
 * modified since is hashed when small (or when `hash` asks, which hashes every file) and otherwise
 * reported as touched. Another job writing the same path, or a person editing it, shows here.
 */
export async function checkExportFiles(root: string, manifest: Manifest, hash: boolean): Promise<ExportFileCheck[]> {
  const endedAt = manifest.finished_at === undefined ? Number.POSITIVE_INFINITY : Date.parse(manifest.finished_at)
  return Promise.all((manifest.export?.files ?? []).map((record) => checkOne(root, record, endedAt, hash)))
}

async function checkOne(root: string, record: FileRecord, endedAt: number, hash: boolean): Promise<ExportFileCheck> {
  const path = isAbsolute(record.path) ? record.path : join(root, record.path)
  const base = { path, recordedBytes: record.bytes }
  let info
  try {
    info = await stat(path)
  } catch {
    return { ...base, state: 'missing', bytes: null, hashed: false }
  }
  if (!info.isFile() || info.size !== record.bytes) return { ...base, state: 'changed', bytes: info.size, hashed: false }
  const modifiedSince = info.mtimeMs > endedAt
  if (!hash && !(modifiedSince && info.size <= HASH_UNASKED_BYTES)) {
    return { ...base, state: modifiedSince ? 'touched' : 'same', bytes: info.size, hashed: false }
  }
  const same = (await sha256OfFile(path)) === record.sha256
  return { ...base, state: same ? 'same' : 'changed', bytes: info.size, hashed: true }
}
