import { createHash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { readManifest, type FileRecord } from '../job/manifest'
import type { Finding } from '../../shared/parquet'

/** The manifest record of a file inside a Sieve work directory (or exported by one), if any. */
export async function manifestRecord(path: string): Promise<FileRecord | undefined> {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const manifestPath = join(dir, 'metadata', 'manifest.json')
    if (existsSync(manifestPath)) {
      const manifest = await readManifest(manifestPath).catch(() => undefined)
      if (manifest === undefined) return undefined
      const rel = relative(dir, path)
      const records: FileRecord[] = manifest.partitions.flatMap((p) => [...(p.result ? [p.result] : []), ...p.checkpoints, ...p.rejected])
      return records.find((r) => r.path === rel) ?? manifest.export?.files.find((f) => f.path === path)
    }
    if (dirname(dir) === dir) return undefined
  }
}

async function sha256(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** Size, sha256 and rows of a published file against what its work directory's manifest recorded. */
export async function checkAgainstManifest(path: string, rows: number | undefined): Promise<{ inManifest: boolean; findings: Finding[] }> {
  const record = await manifestRecord(path)
  if (record === undefined) return { inManifest: false, findings: [] }
  const findings: Finding[] = []
  const size = (await stat(path)).size
  if (size !== record.bytes) findings.push({ code: 'SIZE_MISMATCH', message: `The file is ${size} bytes; the manifest recorded ${record.bytes}.` })
  else if ((await sha256(path)) !== record.sha256) {
    findings.push({ code: 'CHECKSUM_MISMATCH', message: 'The file changed after Sieve published it: its sha256 differs from the manifest.' })
  }
  if (rows !== undefined && rows !== record.rows) {
    findings.push({ code: 'ROWCOUNT_MISMATCH', message: `The file holds ${rows} rows; the manifest recorded ${record.rows}.` })
  }
  return { inManifest: true, findings }
}
