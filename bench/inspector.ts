// Inspector benchmark: time to the first page and to full validation of generated 100 MB and 1 GB
// Parquet files, median of --runs runs (default 3), each in a fresh worker.
// Run: node --import tsx bench/inspector.ts [--runs 3] [--json]  (npm run bench:inspector)
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { tableFromIPC } from 'apache-arrow'
import { inspectParquetFile } from '../src/engine/parquet/inspect-file'
import { validateParquet } from '../src/engine/parquet/validate'
import { EngineWorker } from '../src/engine/worker-client'
import { parquetCorpus, root } from './corpus'

const worker = join(root, 'src', 'engine', 'testing-worker.cjs')

const args = process.argv.slice(2)
const RUNS = Number(args[args.indexOf('--runs') + 1] ?? 3) || 3

interface Spread {
  median: number
  min: number
  max: number
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b)
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted[sorted.length - 1]! }
}

async function main(): Promise<void> {
  const rows: string[] = [
    `${RUNS} runs, median (min–max), each in a fresh worker as the app has when a file is first opened:`,
    '',
    '| file | size | rows | row groups | first page (footer + 200 rows) | full validation |',
    '|---|---|---|---|---|---|'
  ]
  const results: Record<string, { size_mb: number; rows: number; row_groups: number; first_page_ms: Spread; full_validation_s: Spread }> = {}
  for (const mb of [100, 1000]) {
    const path = parquetCorpus(mb)
    const firstPages: number[] = []
    const fulls: number[] = []
    let rowCount = 0
    let rowGroups = 0
    for (let run = 0; run < RUNS; run++) {
      const engine = new EngineWorker({ workerPath: worker, timeoutMs: 0 })
      const t0 = performance.now()
      const info = await inspectParquetFile(path)
      const page = tableFromIPC(await engine.run('readPage', { path, offset: 0, limit: 200 }, 'first page'))
      firstPages.push(performance.now() - t0)
      const t1 = performance.now()
      const report = await validateParquet(path, 'full', engine)
      fulls.push((performance.now() - t1) / 1000)
      await engine.close()
      if (page.numRows !== 200 || !report.valid) throw new Error(`unexpected: ${page.numRows} rows, valid ${report.valid}`)
      rowCount = info.numRows
      rowGroups = info.rowGroups.length
    }
    const r = {
      size_mb: statSync(path).size / (1 << 20),
      rows: rowCount,
      row_groups: rowGroups,
      first_page_ms: spread(firstPages),
      full_validation_s: spread(fulls)
    }
    results[`${mb}`] = r
    rows.push(
      `| ${mb} MB corpus | ${r.size_mb.toFixed(0)} MB | ${rowCount.toLocaleString('en-US')} | ${rowGroups} | ${r.first_page_ms.median.toFixed(0)} ms (${r.first_page_ms.min.toFixed(0)}–${r.first_page_ms.max.toFixed(0)}) | ${r.full_validation_s.median.toFixed(1)} s (${r.full_validation_s.min.toFixed(1)}–${r.full_validation_s.max.toFixed(1)}) |`
    )
  }
  console.log(args.includes('--json') ? JSON.stringify(results) : rows.join('\n'))
}

void main()
