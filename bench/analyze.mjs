#!/usr/bin/env node
// `sieve analyze` against running the same filters as a job (`sieve run`), on the reference corpus
// (gen-corpus): wall time, CPU and peak RSS of each, median of --runs runs, the two commands taking
// turns so that load from elsewhere on the machine falls on both. Issue 16's targets: the analysis
// costs no more than the job; its peak RSS stays flat from 250 MB to 2 GB of input (one analysis at
// each --memory size); opening the saved analysis (analysis/get and analysis/find over `sieve serve`'s
// API, bench/analysis-open.ts) takes under 200 ms.
//   npm run bench:analyze [-- --mb 100 --runs 3 --memory 250,2000]   (--memory '' skips the memory points)
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { webCorpus } from './web-corpus.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const data = join(root, 'bench', 'data')
const sieve = join(root, 'bin', 'sieve')
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []))
const MB = Number(args.mb ?? 100)
const RUNS = Number(args.runs ?? 3)
const MEMORY_MB = String(args.memory ?? '250,2000')
  .split(',')
  .filter((s) => s.trim() !== '')
  .map(Number)
const OPEN_LIMIT_MS = 200

const FILTERS = `  - text_length_filter: {min_len: 50, max_len: 20000}
  - alphanumeric_filter: {min_ratio: 0.25}
  - words_num_filter: {min_num: 10}
  - special_characters_filter: {max_ratio: 0.25}
`

/** One command on a fresh work directory; its figures from the job's own performance metrics. */
function once(command, mb) {
  const dir = join(data, 'runs', `analyze-bench-${command}-${mb}mb`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const recipe = join(dir, 'recipe.yaml')
  const work = join(dir, 'work')
  writeFileSync(
    recipe,
    `dataset_path: ${webCorpus(data, mb)}\nexport_path: ${join(dir, 'out.parquet')}\nwork_dir: ${work}\nnp: 2\ntext_keys: text\npartition_size: 10000\nprocess:\n${FILTERS}`
  )
  const started = performance.now()
  const result = spawnSync(process.execPath, [sieve, command, recipe], { encoding: 'utf8' })
  const wall = (performance.now() - started) / 1000
  if (result.status !== 0) throw new Error(`sieve ${command} failed: ${result.stderr}${result.stdout}`)
  const jobDir = command === 'analyze' ? join(work, 'analysis') : work
  const m = JSON.parse(readFileSync(join(jobDir, 'logs', 'performance_metrics.json'), 'utf8'))
  return { figures: { wall_s: wall, cpu_s: m.cpu_user_s + m.cpu_system_s, max_rss_mb: m.max_rss_mb }, recipe, jobDir }
}

function summary(name, all) {
  const out = { name, runs: all.length }
  for (const key of Object.keys(all[0])) {
    const values = all.map((r) => r[key]).sort((a, b) => a - b)
    out[key] = { median: values[Math.floor(values.length / 2)], min: values[0], max: values.at(-1) }
  }
  console.error(`${name}: ${out.wall_s.median.toFixed(1)} s wall, ${out.cpu_s.median.toFixed(1)} s CPU, ${out.max_rss_mb.median} MB peak RSS`)
  return out
}

const loadBefore = loadavg()[0]
const analyses = []
const runs = []
let saved
for (let i = 0; i < RUNS; i++) {
  const analysis = once('analyze', MB)
  analyses.push(analysis.figures)
  saved = analysis
  runs.push(once('run', MB).figures)
}
const results = { mb: MB, filters: FILTERS.trim().split('\n').length, analyze: summary('sieve analyze', analyses), run: summary('sieve run', runs) }
results.analyze_over_run_wall = results.analyze.wall_s.median / results.run.wall_s.median
results.analyze_over_run_cpu = results.analyze.cpu_s.median / results.run.cpu_s.median

const opened = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', 'analysis-open.ts'), saved.recipe, saved.jobDir], {
  cwd: root,
  encoding: 'utf8'
})
if (opened.status !== 0) throw new Error(`opening the analysis failed: ${opened.stderr}`)
results.open = JSON.parse(opened.stdout.trim().split('\n').at(-1))
const slowest = Math.max(results.open.get.median_ms, results.open.find.median_ms)
console.error(
  `open a saved analysis: analysis/get ${results.open.get.median_ms.toFixed(0)} ms, analysis/find ${results.open.find.median_ms.toFixed(0)} ms (median; target < ${OPEN_LIMIT_MS} ms${slowest < OPEN_LIMIT_MS ? '' : ', MISSED'})`
)

if (MEMORY_MB.length > 0) {
  results.memory = MEMORY_MB.map((mb) => {
    const { figures } = once('analyze', mb)
    console.error(
      `sieve analyze, ${mb} MB: ${figures.wall_s.toFixed(1)} s wall, ${figures.cpu_s.toFixed(1)} s CPU, ${figures.max_rss_mb} MB peak RSS`
    )
    return { mb, ...figures }
  })
  const rss = results.memory.map((m) => m.max_rss_mb)
  results.memory_rss_spread = Math.max(...rss) / Math.min(...rss)
  console.error(
    `peak RSS from ${MEMORY_MB[0]} MB to ${MEMORY_MB.at(-1)} MB of input: ${rss.join(' → ')} MB (largest / smallest ${results.memory_rss_spread.toFixed(2)})`
  )
}
results.load_average = { before: loadBefore, after: loadavg()[0] }

mkdirSync(join(root, 'bench', 'results'), { recursive: true })
writeFileSync(join(root, 'bench', 'results', `analyze-${MB}mb.json`), `${JSON.stringify(results, null, 2)}\n`)
console.log(JSON.stringify(results))
