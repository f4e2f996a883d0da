#!/usr/bin/env node
// Corpus scale on one machine (issue 14): exact and MinHash deduplication over millions of short
// documents, and the reference pipeline with MinHash added end to end on a generated web-like corpus.
// Each run is its own `sieve run` process, timed from outside; peak RSS is that process's
// (/usr/bin/time -v, worker threads included). np 2, checkpoints disabled for the dedup points.
//   npm run bench:scale                                 # exact 1M,4M,16M; MinHash 250k,1M,4M; pipeline on 5 GB
//   npm run bench:scale -- --quick                      # exact 250k,1M; MinHash 250k; pipeline on 250 MB; 1 run
//   npm run bench:scale -- --exact 1m --minhash 1m --size 0 --runs 1   (--size 0 skips the pipeline)
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { shortCorpus } from './short-corpus.mjs'
import { webCorpus } from './web-corpus.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const data = join(root, 'bench', 'data')
const runsDir = join(data, 'runs')
const sieve = join(root, 'bin', 'sieve')

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]?.startsWith('--') === false ? all[i + 1] : 'true']] : acc), [])
)
const QUICK = args.quick === 'true'
/** "250k", "1m", "16M" or a plain number of documents. */
const count = (s) => Math.round(Number(s.replace(/[kKmM]$/, '')) * (/[kK]$/.test(s) ? 1e3 : /[mM]$/.test(s) ? 1e6 : 1))
const list = (s) => (s === '' || s === '0' ? [] : s.split(',').map(count))
const EXACT = list(args.exact ?? (QUICK ? '250k,1m' : '1m,4m,16m'))
const MINHASH = list(args.minhash ?? (QUICK ? '250k' : '250k,1m,4m'))
const SIZE_MB = Number(args.size ?? (QUICK ? 250 : 5000))
const RUNS = Number(args.runs ?? (QUICK ? 1 : 3))
/** Runs beyond the first are skipped once a point took longer than this (median of 3 "where it fits in the time"). */
const REPEAT_BUDGET_S = Number(args['repeat-budget'] ?? 600)

function recipe(name, input, { strategy, process: steps }) {
  const dir = join(runsDir, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'recipe.yaml')
  writeFileSync(
    path,
    `dataset_path: ${input}\nexport_path: ${join(dir, 'out.parquet')}\nwork_dir: ${join(dir, 'work')}\nnp: 2\ntext_keys: text\npartition_size: 10000\ncheckpoint: {strategy: ${strategy}}\nexport: {compression: zstd}\nprocess:\n${steps}`
  )
  return { dir, path, work: join(dir, 'work') }
}

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null

function sieveRun(r) {
  const command = TIME === null ? [process.execPath, sieve, 'run', r.path] : [TIME, '-v', process.execPath, sieve, 'run', r.path]
  const started = performance.now()
  const result = spawnSync(command[0], command.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 })
  const wall = (performance.now() - started) / 1000
  if (result.status !== 0) throw new Error(`sieve failed on ${r.path}: ${result.stderr}${result.stdout}`)
  const s = JSON.parse(readFileSync(join(r.work, 'logs', 'processing_summary.json'), 'utf8'))
  const m = JSON.parse(readFileSync(join(r.work, 'logs', 'performance_metrics.json'), 'utf8'))
  const timed = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr)
  const rss = timed === null ? m.max_rss_mb : Math.round(Number(timed[1]) / 1024)
  rmSync(r.dir, { recursive: true, force: true })
  return {
    wall_s: wall,
    cpu_s: m.cpu_user_s + m.cpu_system_s,
    docs_per_s: s.rows_read / wall,
    peak_rss_mb: rss,
    rows_in: s.rows_read,
    rows_out: s.rows_out
  }
}

function measure(name, make) {
  const all = []
  for (let i = 0; i < RUNS; i++) {
    all.push(sieveRun(make(i)))
    if (all[0].wall_s > REPEAT_BUDGET_S) break
  }
  const out = { name, runs: all.length }
  for (const key of Object.keys(all[0])) {
    const values = all.map((r) => r[key]).sort((a, b) => a - b)
    out[key] = { median: values[Math.floor(values.length / 2)], min: values[0], max: values[values.length - 1] }
  }
  console.error(
    `${name}: ${out.wall_s.median.toFixed(1)} s (CPU ${out.cpu_s.median.toFixed(1)} s), ${Math.round(out.docs_per_s.median)} docs/s, peak RSS ${out.peak_rss_mb.median} MB`
  )
  return out
}

const label = (n) => (n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`)
const EXACT_STEP = '  - document_deduplicator:\n'
const MINHASH_STEP = '  - document_minhash_deduplicator:\n'
const REFERENCE = `  - whitespace_normalization_mapper:
  - text_length_filter: {min_len: 50, max_len: 20000}
  - alphanumeric_filter: {min_ratio: 0.25}
  - document_deduplicator:
${MINHASH_STEP}`

execFileSync(process.execPath, [sieve, '--version'], { stdio: 'ignore' }) // builds first if the sources changed, outside the timings
mkdirSync(join(root, 'bench', 'results'), { recursive: true })
const resultsFile = join(root, 'bench', 'results', `scale-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout?.trim() || '(not a git checkout)'
const results = []
/** Written after each point, so a failure late in the run keeps what was measured. */
const save = () => writeFileSync(resultsFile, JSON.stringify({ date: new Date().toISOString(), commit, runs: RUNS, results }, null, 2))

for (const [op, sizes, step] of [
  ['document_deduplicator', EXACT, EXACT_STEP],
  ['document_minhash_deduplicator', MINHASH, MINHASH_STEP]
]) {
  for (const n of sizes) {
    const input = await shortCorpus(data, n)
    const r = measure(`${op} ${label(n)}`, (i) => recipe(`scale-${op}-${n}-${i}`, input, { strategy: 'disabled', process: step }))
    results.push({ op, documents: n, input_mb: statSync(input).size / (1 << 20), checkpoints: 'disabled', ...r })
    save()
  }
}
if (SIZE_MB > 0) {
  const input = webCorpus(data, SIZE_MB)
  const r = measure(`reference pipeline + MinHash, ${SIZE_MB} MB`, (i) =>
    recipe(`scale-pipeline-${SIZE_MB}-${i}`, input, { strategy: 'every_op', process: REFERENCE })
  )
  results.push({
    op: 'reference pipeline + document_minhash_deduplicator',
    input_mb: statSync(input).size / (1 << 20),
    checkpoints: 'every_op',
    ...r
  })
  save()
}

const fmt = (r, digits = 1) => `${r.median.toFixed(digits)}${r.min === r.max ? '' : ` (${r.min.toFixed(digits)}–${r.max.toFixed(digits)})`}`
const exactAt = (n) => results.find((r) => r.op === 'document_deduplicator' && r.documents === n)
console.log(
  [
    `np 2, ${RUNS} run(s) each (median, min–max), commit ${commit}; dedup points on short documents (6–12 words), checkpoints disabled.`,
    '',
    '| run | documents | input MB | wall s | CPU s | documents/s | peak RSS MB | rows out |',
    '|---|---|---|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.op} | ${r.rows_in.median.toLocaleString('en-US')} | ${r.input_mb.toFixed(0)} | ${fmt(r.wall_s)} | ${fmt(r.cpu_s)} | ${Math.round(r.docs_per_s.median).toLocaleString('en-US')} | ${fmt(r.peak_rss_mb, 0)} | ${r.rows_out.median.toLocaleString('en-US')} |`
    ),
    '',
    ...results
      .filter((r) => r.op === 'document_minhash_deduplicator' && exactAt(r.documents) !== undefined)
      .map(
        (r) =>
          `MinHash ÷ exact wall time at ${label(r.documents)}: ${(r.wall_s.median / exactAt(r.documents).wall_s.median).toFixed(2)}× (target ≤ 4)`
      ),
    `results: ${resultsFile}`
  ].join('\n')
)
