import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { SieveError } from '../../shared/errors'
import { fileError, validateParquet, type ValidationReport, EngineWorker } from '../../engine'
import { EXIT } from './jobs'
import { workerPath } from '../service/engine-worker'

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

/** `sieve validate`: quick by default (footer level), --deep decodes every row group; files of a work directory are also checked against its manifest. */
export async function validateCommand(paths: string[], deep: boolean, json: boolean): Promise<number> {
  const files: string[] = []
  for (const p of paths) files.push(...(await parquetFiles(resolve(p))))
  if (files.length === 0) throw new SieveError('NOT_FOUND', `No Parquet files under ${paths.join(', ')}.`)
  const engine = new EngineWorker({ workerPath, timeoutMs: 120_000, maxOldGenerationSizeMb: 2048 })
  const reports: ValidationReport[] = []
  try {
    for (const file of files) {
      const report = await validateParquet(file, deep ? 'full' : 'quick', engine, { checkManifest: true })
      reports.push(report)
      if (json) process.stdout.write(`${JSON.stringify(report)}\n`)
      else {
        process.stdout.write(
          `${report.valid ? 'valid  ' : 'INVALID'}  ${file}${report.rows !== undefined ? `  (${report.rows.toLocaleString('en-US')} rows)` : ''}\n`
        )
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
