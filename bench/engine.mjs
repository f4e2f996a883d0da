#!/usr/bin/env node
// Engine benchmark: throughput of a 3-operator recipe at np=1 and np=2, peak RSS against input
// size, and the cost of every_op checkpoints against none. Run: npm run bench [-- --sizes 250,1000 --runs 1]
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dataDir = join(root, 'bench', 'data')
const resultsDir = join(root, 'bench', 'results')
const scratch = join(dataDir, 'runs')
const genCorpus = join(root, '..', 'shared', 'tools', 'gen-corpus.mjs')
const sieve = join(root, 'bin', 'sieve')

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []))
const sizes = (args.sizes ?? '250,1000').split(',').map(Number)
const runs = Number(args.runs ?? 1)

function corpus(mb) {
  const path = join(dataDir, `corpus-${mb}mb.jsonl`)
  if (!existsSync(path)) {
    mkdirSync(dataDir, { recursive: true })
    console.error(`generating ${path}`)
    execFileSync(process.execPath, [genCorpus, '--mb', String(mb), '--out', path], { stdio: 'inherit' })
  }
  return path
}

function runOnce(name, input, np, strategy) {
  const dir = join(scratch, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const recipe = join(dir, 'recipe.yaml')
  writeFileSync(
    recipe,
    `project_name: ${name}
dataset_path: ${input}
export_path: ${join(dir, 'out.parquet')}
work_dir: ${join(dir, 'work')}
np: ${np}
text_keys: text
partition_size: 10000
checkpoint: {strategy: ${strategy}}
process:
  - whitespace_normalization_mapper:
  - text_length_filter: {min_len: 50, max_len: 20000}
  - document_deduplicator:
`
  )
  const started = process.hrtime.bigint()
  const r = spawnSync(process.execPath, [sieve, 'run', recipe], { encoding: 'utf8' })
  const wall = Number(process.hrtime.bigint() - started) / 1e9
  if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}${r.stdout}`)
  const metrics = JSON.parse(readFileSync(join(dir, 'work', 'logs', 'performance_metrics.json'), 'utf8'))
  const summary = JSON.parse(readFileSync(join(dir, 'work', 'logs', 'processing_summary.json'), 'utf8'))
  const bytes = statSync(input).size
  rmSync(dir, { recursive: true, force: true })
  return {
    wall_s: wall,
    rows: summary.rows_read,
    rows_per_s: summary.rows_read / wall,
    mb_per_s: bytes / (1 << 20) / wall,
    peak_rss_mb: metrics.peak_rss_mb,
    cpu_s: metrics.cpu_user_s + metrics.cpu_system_s
  }
}

function measure(name, input, np, strategy) {
  const all = Array.from({ length: runs }, (_, i) => runOnce(`${name}-${i}`, input, np, strategy))
  const median = (key) => all.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(all.length / 2)]
  const out = { name, input_mb: Math.round(statSync(input).size / (1 << 20)), np, checkpoints: strategy, runs }
  for (const key of ['wall_s', 'rows_per_s', 'mb_per_s', 'peak_rss_mb', 'cpu_s']) out[key] = median(key)
  out.rows = all[0].rows
  console.error(
    `${name}: ${out.wall_s.toFixed(1)} s, ${Math.round(out.rows_per_s)} rows/s, ${out.mb_per_s.toFixed(1)} MB/s, peak RSS ${out.peak_rss_mb} MB`
  )
  return out
}

execFileSync(process.execPath, [sieve, '--version'], { stdio: 'ignore' })
const results = []
const largest = Math.max(...sizes)
const smallest = Math.min(...sizes)
for (const mb of sizes) results.push(measure(`${mb}mb-np2-every_op`, corpus(mb), 2, 'every_op'))
results.push(measure(`${largest}mb-np1-every_op`, corpus(largest), 1, 'every_op'))
results.push(measure(`${smallest}mb-np2-disabled`, corpus(smallest), 2, 'disabled'))

const byName = Object.fromEntries(results.map((r) => [r.name, r]))
const np1 = byName[`${largest}mb-np1-every_op`]
const np2 = byName[`${largest}mb-np2-every_op`]
const withCp = byName[`${smallest}mb-np2-every_op`]
const without = byName[`${smallest}mb-np2-disabled`]
const derived = {
  np2_speedup: np1.wall_s / np2.wall_s,
  every_op_overhead: withCp.wall_s / without.wall_s - 1,
  rss_small_mb: withCp.peak_rss_mb,
  rss_large_mb: np2.peak_rss_mb
}
const lines = [
  '| run | input | np | checkpoints | wall s | rows/s | MB/s | CPU s | peak RSS MB |',
  '|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.name} | ${r.input_mb} MB | ${r.np} | ${r.checkpoints} | ${r.wall_s.toFixed(1)} | ${Math.round(r.rows_per_s).toLocaleString('en-US')} | ${r.mb_per_s.toFixed(1)} | ${r.cpu_s.toFixed(1)} | ${r.peak_rss_mb} |`
  ),
  '',
  `np=2 speed-up over np=1 (${largest} MB): ${derived.np2_speedup.toFixed(2)}×`,
  `every_op checkpoint overhead against disabled (${smallest} MB): ${(100 * derived.every_op_overhead).toFixed(1)}%`,
  `peak RSS: ${derived.rss_small_mb} MB at ${smallest} MB input, ${derived.rss_large_mb} MB at ${largest} MB input`
]
console.log(lines.join('\n'))
mkdirSync(resultsDir, { recursive: true })
const stamp = new Date().toISOString().replace(/[:.]/g, '-')
writeFileSync(join(resultsDir, `engine-${stamp}.json`), JSON.stringify({ date: new Date().toISOString(), runs, results, derived }, null, 2))
