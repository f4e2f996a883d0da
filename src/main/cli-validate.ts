import { createHash } from 'node:crypto'
import { createReadStream, existsSync } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { SieveError } from '../shared/errors'
import { fileError } from '../engine/io/fs-errors'
import { readManifest, type FileRecord } from '../engine/job/manifest'
import type { Finding, ValidationReport } from '../engine/parquet/validate'
import { EngineWorker } from '../engine/worker-client'
import { EXIT } from './cli-jobs'
import { workerPath } from './engine-worker'

async function parquetFiles(path: string): Promise<string[]> {
  let info
  try {
    info = await stat(path)
  } catch (err) {
    throw fileError(err, path)
  }
  if (info.isFile()) return [path]
  const out: string[] = []
  for (const entry of (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(path, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'temp') out.push(...(await parquetFiles(full)))
    } else if (entry.isFile() && /\.(parquet|pq)$/i.test(entry.name)) out.push(full)
  }
  return out
}

/** The manifest record of a file inside a Sieve work directory (or exported by one), if any. */
async function manifestRecord(path: string): Promise<FileRecord | undefined> {
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

async function checkAgainstManifest(report: ValidationReport): Promise<void> {
  const record = await manifestRecord(report.path)
  if (record === undefined) return
  const findings: Finding[] = []
  const size = (await stat(report.path)).size
  if (size !== record.bytes) findings.push({ code: 'SIZE_MISMATCH', message: `The file is ${size} bytes; the manifest recorded ${record.bytes}.` })
  else if ((await sha256(report.path)) !== record.sha256) {
    findings.push({ code: 'CHECKSUM_MISMATCH', message: 'The file changed after Sieve published it: its sha256 differs from the manifest.' })
  }
  if (report.rows !== undefined && report.rows !== record.rows) {
    findings.push({ code: 'ROWCOUNT_MISMATCH', message: `The file holds ${report.rows} rows; the manifest recorded ${record.rows}.` })
  }
  report.findings.push(...findings)
  report.valid = report.findings.length === 0
}

export async function validateCommand(paths: string[], deep: boolean, json: boolean): Promise<number> {
  const files: string[] = []
  for (const p of paths) files.push(...(await parquetFiles(resolve(p))))
  if (files.length === 0) throw new SieveError('NOT_FOUND', `No Parquet files under ${paths.join(', ')}.`)
  const engine = new EngineWorker({ workerPath, timeoutMs: 120_000, maxOldGenerationSizeMb: 2048 })
  const reports: ValidationReport[] = []
  try {
    for (const file of files) {
      let report: ValidationReport
      try {
        report = await engine.run('validate', { path: file, full: deep }, `Validating ${file}`)
      } catch (err) {
        if (!(err instanceof SieveError) || !['UNREADABLE', 'TIMEOUT'].includes(err.code)) throw err
        report = { path: file, valid: false, level: deep ? 'full' : 'quick', findings: [{ code: 'PAGE_DECODE_FAILED', message: err.message }] }
      }
      await checkAgainstManifest(report)
      reports.push(report)
      if (json) process.stdout.write(`${JSON.stringify(report)}\n`)
      else {
        process.stdout.write(`${report.valid ? 'valid  ' : 'INVALID'}  ${file}${report.rows !== undefined ? `  (${report.rows.toLocaleString('en-US')} rows)` : ''}\n`)
        for (const f of report.findings) process.stdout.write(`         ${f.code}: ${f.message}\n`)
      }
    }
  } finally {
    await engine.close()
  }
  const invalid = reports.filter((r) => !r.valid).length
  if (!json) process.stdout.write(`${reports.length - invalid} valid, ${invalid} invalid\n`)
  return invalid > 0 ? EXIT.failed : EXIT.ok
}
