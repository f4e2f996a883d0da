#!/usr/bin/env node
// Sieve against DuckDB on the reference pipeline, plus scaling, checkpoint, resume, memory, Parquet
// write speed per codec and the inspector's time to a first page — every figure of issue 7 in one run.
// Every figure is the median of --runs runs (default 3) with min and max.
//   npm run bench [-- --mb 500 --runs 3 --scaling 250,1000,2000]
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { webCorpus } from './web-corpus.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const data = join(root, 'bench', 'data')
const runsDir = join(data, 'runs')
const sieve = join(root, 'bin', 'sieve')
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []))
const MB = Number(args.mb ?? 500)
const RUNS = Number(args.runs ?? 3)
/** --only sieve_np2,resume_after_90,… runs just those measures (and skips what needs the others). */
const ONLY = args.only === undefined ? undefined : new Set(args.only.split(','))
const wanted = (name) => ONLY === undefined || ONLY.has(name)
const SCALING = (args.scaling ?? '250,1000,2000').split(',').map(Number)

function asParquet(jsonl) {
  const out = jsonl.replace(/\.jsonl$/, '.input.parquet')
  if (!existsSync(out)) {
    const dir = join(runsDir, 'to-parquet')
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'r.yaml'),
      `dataset_path: ${jsonl}\nexport_path: ${out}\nwork_dir: ${join(dir, 'work')}\nexport: {compression: snappy}\nprocess:\n  - text_length_filter: {min_len: 0}\n`
    )
    execFileSync(process.execPath, [sieve, 'run', join(dir, 'r.yaml')], { stdio: 'ignore' })
  }
  return out
}

const PIPELINE = `  - whitespace_normalization_mapper:
  - text_length_filter: {min_len: 50, max_len: 20000}
  - alphanumeric_filter: {min_ratio: 0.25}
  - document_deduplicator:
`

function recipe(name, input, { np = 2, strategy = 'every_op', checkpointCodec = 'snappy' } = {}) {
  const dir = join(runsDir, name)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const path = join(dir, 'recipe.yaml')
  writeFileSync(
    path,
    `dataset_path: ${input}\nexport_path: ${join(dir, 'out.parquet')}\nwork_dir: ${join(dir, 'work')}\nnp: ${np}\ntext_keys: text\npartition_size: 10000\ncheckpoint: {strategy: ${strategy}}\ncheckpointing: {compression: ${checkpointCodec}}\nexport: {compression: zstd}\nprocess:\n${PIPELINE}`
  )
  return { dir, path, out: join(dir, 'out.parquet'), work: join(dir, 'work') }
}

function sieveRun(r) {
  const started = performance.now()
  const result = spawnSync(process.execPath, [sieve, 'run', r.path], { encoding: 'utf8' })
  const wall = (performance.now() - started) / 1000
  if (result.status !== 0) throw new Error(`sieve failed: ${result.stderr}${result.stdout}`)
  const m = JSON.parse(readFileSync(join(r.work, 'logs', 'performance_metrics.json'), 'utf8'))
  const s = JSON.parse(readFileSync(join(r.work, 'logs', 'processing_summary.json'), 'utf8'))
  return { wall_s: wall, rows_in: s.rows_read, rows_out: s.rows_out, cpu_s: m.cpu_user_s + m.cpu_system_s, max_rss_mb: m.max_rss_mb }
}

function duckRun(input, out, threads = 2) {
  const started = performance.now()
  const r = spawnSync(process.execPath, [join(root, 'bench', 'duckdb-pipeline.mjs'), input, out, String(threads)], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`duckdb failed: ${r.stderr}`)
  const j = JSON.parse(r.stdout.trim().split('\n').pop())
  return { wall_s: (performance.now() - started) / 1000, rows_out: j.rows, cpu_s: j.cpu_s, max_rss_mb: j.max_rss_mb }
}

/** SIGKILL a run once 90% of its partitions have their result, resume it, and time the resume. */
async function resumeRun(r) {
  await new Promise((resolve) => {
    const child = spawn(process.execPath, [sieve, 'run', r.path, '--json'], { stdio: ['ignore', 'pipe', 'ignore'] })
    let buffer = ''
    let partitions = Infinity
    let done = 0
    child.stdout.on('data', (chunk) => {
      buffer += chunk
      const lines = buffer.split('\n')
      buffer = lines.pop()
      for (const line of lines) {
        const e = JSON.parse(line)
        if (e.event_type === 'job_start') partitions = Number(/^(\d+) partition/.exec(e.message)?.[1] ?? Infinity)
        if (e.event_type === 'partition_complete' && ++done >= Math.ceil(0.9 * partitions)) child.kill('SIGKILL')
        if (e.event_type === 'outcome') throw new Error('the run finished before it could be killed at 90%')
      }
    })
    child.on('exit', resolve)
  })
  const started = performance.now()
  const res = spawnSync(process.execPath, [sieve, 'resume', r.work], { encoding: 'utf8' })
  if (res.status !== 0) throw new Error(`resume failed: ${res.stderr}${res.stdout}`)
  return { wall_s: (performance.now() - started) / 1000 }
}

async function measure(name, fn) {
  const all = []
  for (let i = 0; i < RUNS; i++) all.push(await fn(i))
  const out = { name, runs: RUNS }
  for (const key of Object.keys(all[0])) {
    const values = all.map((r) => r[key]).sort((a, b) => a - b)
    out[key] = { median: values[Math.floor(values.length / 2)], min: values[0], max: values[values.length - 1] }
  }
  console.error(`${name}: ${out.wall_s.median.toFixed(1)} s (min ${out.wall_s.min.toFixed(1)}, max ${out.wall_s.max.toFixed(1)})`)
  return out
}

function sameRows(a, b) {
  const script = `import { DuckDBInstance } from '@duckdb/node-api'
const db = await DuckDBInstance.create(':memory:'); const c = await db.connect()
const q = (s) => "'" + s.replace(/'/g, "''") + "'"
const only = async (x, y) => Number((await c.runAndReadAll('SELECT count(*) FROM (SELECT id, text FROM read_parquet(' + q(x) + ') EXCEPT ALL SELECT id, text FROM read_parquet(' + q(y) + '))')).getRows()[0][0])
console.log(JSON.stringify({ only_in_sieve: await only(${JSON.stringify(a)}, ${JSON.stringify(b)}), only_in_duckdb: await only(${JSON.stringify(b)}, ${JSON.stringify(a)}) }))`
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: root })
  return JSON.parse(r.stdout.trim())
}

const input = webCorpus(data, MB)
const inputMb = statSync(input).size / (1 << 20)
const results = {}
if (wanted('sieve_np2')) results.sieve_np2 = await measure(`sieve np=2 ${MB} MB JSONL`, (i) => sieveRun(recipe(`s2-${i}`, input)))
if (wanted('duckdb')) results.duckdb = await measure(`duckdb threads=2 ${MB} MB JSONL`, (i) => duckRun(input, join(runsDir, `duck-${i}.parquet`)))
if (wanted('sieve_np1')) results.sieve_np1 = await measure(`sieve np=1`, (i) => sieveRun(recipe(`s1-${i}`, input, { np: 1 })))
if (wanted('sieve_no_checkpoints'))
  results.sieve_no_checkpoints = await measure(`sieve np=2 checkpoints disabled`, (i) => sieveRun(recipe(`sd-${i}`, input, { strategy: 'disabled' })))
if (wanted('sieve_uncompressed_checkpoints'))
  results.sieve_uncompressed_checkpoints = await measure(`sieve np=2 every_op, uncompressed checkpoints`, (i) =>
    sieveRun(recipe(`su-${i}`, input, { checkpointCodec: 'none' }))
  )
if (wanted('sieve_parquet_input'))
  results.sieve_parquet_input = await measure(`sieve np=2 Parquet input`, (i) => sieveRun(recipe(`sp-${i}`, asParquet(input))))
if (wanted('resume_after_90')) results.resume_after_90 = await measure(`resume after SIGKILL at 90%`, (i) => resumeRun(recipe(`sr-${i}`, input)))
if (ONLY !== undefined) {
  console.log(JSON.stringify(results, null, 2))
  process.exit(0)
}
mkdirSync(join(root, 'bench', 'results'), { recursive: true })
const resultsFile = join(root, 'bench', 'results', `compare-${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
/** Written after each part, so a failure late in the run keeps what was measured. */
const save = (extra) => writeFileSync(resultsFile, JSON.stringify({ date: new Date().toISOString(), input_mb: inputMb, results, ...extra }, null, 2))
save({})
const scaling = {}
for (const mb of SCALING) {
  const file = webCorpus(data, mb)
  scaling[mb] = await measure(`scaling ${mb} MB`, (i) => sieveRun(recipe(`scale-${mb}-${i}`, file)))
}

/** A TypeScript benchmark of bench/, run with tsx in its own process; it prints one JSON line. */
function tsBench(file) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', file), '--json', '--runs', String(RUNS)], {
    encoding: 'utf8',
    cwd: root
  })
  if (r.status !== 0) throw new Error(`${file} failed: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').pop())
}
save({ scaling })
const codecs = tsBench('codecs.ts')
console.error(
  `parquet write: ${Object.entries(codecs.codecs)
    .map(([c, r]) => `${c} ${r.mb_per_s.median.toFixed(0)} MB/s`)
    .join(', ')}`
)
const inspector = tsBench('inspector.ts')
console.error(`inspector first page of 1 GB: ${inspector['1000'].first_page_ms.median.toFixed(0)} ms`)
const agreement = sameRows(join(runsDir, 's2-0', 'out.parquet'), join(runsDir, 'duck-0.parquet'))

const med = (r) => r.wall_s.median
const derived = {
  sieve_over_duckdb: med(results.sieve_np2) / med(results.duckdb),
  np2_speedup: med(results.sieve_np1) / med(results.sieve_np2),
  every_op_overhead: med(results.sieve_np2) / med(results.sieve_no_checkpoints) - 1,
  every_op_uncompressed_overhead: med(results.sieve_uncompressed_checkpoints) / med(results.sieve_no_checkpoints) - 1,
  resume_fraction: med(results.resume_after_90) / med(results.sieve_np2),
  rss_by_input_mb: Object.fromEntries(Object.entries(scaling).map(([mb, r]) => [mb, r.max_rss_mb.median])),
  rows_agreement: agreement
}
const fmt = (r) => `${r.median.toFixed(1)} (${r.min.toFixed(1)}–${r.max.toFixed(1)})`
const row = (name, r) =>
  `| ${name} | ${fmt(r.wall_s)} | ${r.rows_in ? Math.round(r.rows_in.median / r.wall_s.median).toLocaleString('en-US') : '—'} | ${(inputMb / r.wall_s.median).toFixed(1)} | ${r.cpu_s ? r.cpu_s.median.toFixed(1) : '—'} | ${r.max_rss_mb ? r.max_rss_mb.median : '—'} |`
const table = [
  `Input: ${inputMb.toFixed(0)} MB generated JSONL; ${RUNS} runs each, median (min–max).`,
  '',
  '| run | wall s | rows/s | MB/s | CPU s | peak RSS MB |',
  '|---|---|---|---|---|---|',
  row('Sieve np=2, every_op checkpoints', results.sieve_np2),
  row('DuckDB, 2 threads, same pipeline in SQL', results.duckdb),
  row('Sieve np=1', results.sieve_np1),
  row('Sieve np=2, checkpoints disabled', results.sieve_no_checkpoints),
  row('Sieve np=2, every_op, uncompressed checkpoints', results.sieve_uncompressed_checkpoints),
  row('Sieve np=2, Parquet input', results.sieve_parquet_input),
  `| resume after SIGKILL at 90% | ${fmt(results.resume_after_90.wall_s)} | | | | |`,
  '',
  `Sieve ÷ DuckDB wall time: ${derived.sieve_over_duckdb.toFixed(2)}× (target ≤ 3)`,
  `np=2 speed-up over np=1: ${derived.np2_speedup.toFixed(2)}× (target ≥ 1.7)`,
  `every_op checkpoint overhead: ${(100 * derived.every_op_overhead).toFixed(1)}% with snappy checkpoints (target ≤ 15%), ${(100 * derived.every_op_uncompressed_overhead).toFixed(1)}% uncompressed`,
  `resume after a kill at 90%: ${(100 * derived.resume_fraction).toFixed(0)}% of a full run (target ≤ 20%)`,
  `peak RSS by input size (median): ${Object.entries(derived.rss_by_input_mb)
    .map(([mb, rss]) => `${mb} MB → ${rss} MB`)
    .join(', ')} (target ≤ 1 GB, flat)`,
  '',
  '| scaling input | wall s | MB/s | peak RSS MB |',
  '|---|---|---|---|',
  ...Object.entries(scaling).map(
    ([mb, r]) =>
      `| ${mb} MB | ${fmt(r.wall_s)} | ${(Number(mb) / r.wall_s.median).toFixed(1)} | ${r.max_rss_mb.median} (${r.max_rss_mb.min}–${r.max_rss_mb.max}) |`
  ),
  '',
  `Parquet write, one thread, ${codecs.input_mb.toFixed(0)} MB of Arrow text:`,
  '',
  '| codec | MB/s | output MB | ratio |',
  '|---|---|---|---|',
  ...Object.entries(codecs.codecs).map(([c, r]) => `| ${c} | ${fmt(r.mb_per_s)} | ${r.output_mb.toFixed(1)} | ${r.ratio.toFixed(2)} |`),
  '',
  'Inspector backend, fresh worker: time to the first page (footer + 200 rows) and to full validation:',
  '',
  '| file | size MB | row groups | first page ms | full validation s |',
  '|---|---|---|---|---|',
  ...Object.entries(inspector).map(
    ([mb, r]) => `| ${mb} MB corpus | ${r.size_mb.toFixed(0)} | ${r.row_groups} | ${fmt(r.first_page_ms)} | ${fmt(r.full_validation_s)} |`
  ),
  `rows: ${results.sieve_np2.rows_out.median} from Sieve, ${results.duckdb.rows_out.median} from DuckDB; ${agreement.only_in_sieve} only in Sieve's output, ${agreement.only_in_duckdb} only in DuckDB's`
]
console.log(table.join('\n'))
save({ scaling, codecs, inspector, derived })
