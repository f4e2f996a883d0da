// Inspector benchmark: time to the first page and to full validation of generated 100 MB and 1 GB
// Parquet files. Run: node --import tsx bench/inspector.ts  (npm run bench:inspector)
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tableFromIPC } from 'apache-arrow'
import { inspectParquetFile } from '../src/engine/parquet/inspect-file'
import { validateParquet } from '../src/engine/parquet/validate'
import { EngineWorker } from '../src/engine/worker-client'

const root = join(__dirname, '..')
const data = join(root, 'bench', 'data')
const worker = join(root, 'src', 'engine', 'testing-worker.cjs')

function parquetOf(mb: number): string {
  const out = join(data, `corpus-${mb}mb.parquet`)
  if (existsSync(out)) return out
  const jsonl = join(data, `corpus-${mb}mb.jsonl`)
  if (!existsSync(jsonl)) execFileSync(process.execPath, [join(root, '..', 'shared', 'tools', 'gen-corpus.mjs'), '--mb', String(mb), '--out', jsonl], { stdio: 'inherit' })
  const recipe = join(data, `to-parquet-${mb}.yaml`)
  writeFileSync(recipe, `dataset_path: ${jsonl}\nexport_path: ${out}\nwork_dir: ${join(data, `to-parquet-${mb}-work`)}\nnp: 2\nexport: {compression: none}\nprocess:\n  - whitespace_normalization_mapper:\n`)
  execFileSync(process.execPath, [join(root, 'bin', 'sieve'), 'run', recipe, '--force'], { stdio: 'inherit' })
  return out
}

async function main(): Promise<void> {
  mkdirSync(data, { recursive: true })
  const rows: string[] = ['| file | size | rows | row groups | first page (footer + 200 rows) | full validation |', '|---|---|---|---|---|---|']
  for (const mb of [100, 1000]) {
    const path = parquetOf(mb)
    const engine = new EngineWorker({ workerPath: worker, timeoutMs: 0 })
    // A fresh worker, as the app has when a file is first opened.
    const t0 = performance.now()
    const info = await inspectParquetFile(path)
    const page = tableFromIPC(await engine.run('readPage', { path, offset: 0, limit: 200 }, 'first page'))
    const firstPage = performance.now() - t0
    const t1 = performance.now()
    const report = await validateParquet(path, 'full', engine)
    const full = performance.now() - t1
    await engine.close()
    if (page.numRows !== 200 || !report.valid) throw new Error(`unexpected: ${page.numRows} rows, valid ${report.valid}`)
    rows.push(`| ${mb} MB corpus | ${(statSync(path).size / (1 << 20)).toFixed(0)} MB | ${info.numRows.toLocaleString('en-US')} | ${info.rowGroups.length} | ${firstPage.toFixed(0)} ms | ${(full / 1000).toFixed(1)} s |`)
  }
  console.log(rows.join('\n'))
}

void main()
