#!/usr/bin/env node
// `sieve analyze` against running the same filters as a job (`sieve run`), on the reference corpus
// (gen-corpus): wall time, CPU and peak RSS of each, median of --runs runs. Issue 16's target: the
// analysis costs no more than the job.
//   npm run bench:analyze [-- --mb 100 --runs 3]
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const data = join(root, 'bench', 'data')
const sieve = join(root, 'bin', 'sieve')
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []))
const MB = Number(args.mb ?? 100)
const RUNS = Number(args.runs ?? 3)

const FILTERS = `  - text_length_filter: {min_len: 50, max_len: 20000}
  - alphanumeric_filter: {min_ratio: 0.25}
  - words_num_filter: {min_num: 10}
  - special_characters_filter: {max_ratio: 0.25}
`

const input = join(data, `corpus-${MB}mb.jsonl`)
if (!existsSync(input)) {
  mkdirSync(data, { recursive: true })
  execFileSync(process.execPath, [join(root, '..', 'shared', 'tools', 'gen-corpus.mjs'), '--mb', String(MB), '--out', input], { stdio: 'inherit' })
}

/** One command on a fresh work directory; its figures from the job's own performance metrics. */
function once(command) {
  const dir = join(data, 'runs', `analyze-bench-${command}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const recipe = join(dir, 'recipe.yaml')
  const work = join(dir, 'work')
  writeFileSync(
    recipe,
    `dataset_path: ${input}\nexport_path: ${join(dir, 'out.parquet')}\nwork_dir: ${work}\nnp: 2\ntext_keys: text\npartition_size: 10000\nprocess:\n${FILTERS}`
  )
  const started = performance.now()
  const result = spawnSync(process.execPath, [sieve, command, recipe], { encoding: 'utf8' })
  const wall = (performance.now() - started) / 1000
  if (result.status !== 0) throw new Error(`sieve ${command} failed: ${result.stderr}${result.stdout}`)
  const logs = join(command === 'analyze' ? join(work, 'analysis') : work, 'logs')
  const m = JSON.parse(readFileSync(join(logs, 'performance_metrics.json'), 'utf8'))
  return { wall_s: wall, cpu_s: m.cpu_user_s + m.cpu_system_s, max_rss_mb: m.max_rss_mb }
}

function measure(command) {
  const all = Array.from({ length: RUNS }, () => once(command))
  const out = { name: `sieve ${command}`, runs: RUNS }
  for (const key of Object.keys(all[0])) {
    const values = all.map((r) => r[key]).sort((a, b) => a - b)
    out[key] = { median: values[Math.floor(values.length / 2)], min: values[0], max: values.at(-1) }
  }
  console.error(`${out.name}: ${out.wall_s.median.toFixed(1)} s wall, ${out.cpu_s.median.toFixed(1)} s CPU, ${out.max_rss_mb.median} MB peak RSS`)
  return out
}

const results = { mb: MB, filters: FILTERS.trim().split('\n').length, analyze: measure('analyze'), run: measure('run') }
results.analyze_over_run_wall = results.analyze.wall_s.median / results.run.wall_s.median
mkdirSync(join(root, 'bench', 'results'), { recursive: true })
writeFileSync(join(root, 'bench', 'results', `analyze-${MB}mb.json`), `${JSON.stringify(results, null, 2)}\n`)
console.log(JSON.stringify(results))
