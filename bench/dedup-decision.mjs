#!/usr/bin/env node
// Wall time and peak RSS of one deduplicator over N short documents (bench/short-corpus.mjs: 6–12 words; a tenth exact
// copies of an earlier one, a tenth with one word changed), np 2, checkpoints off: what the
// global decision costs as the corpus grows. CPU seconds (user + system) are printed beside the
// wall time: on a shared machine they say more about the work done.
//   node bench/dedup-decision.mjs --op document_deduplicator --docs 1000000,4000000 [--root CHECKOUT]
// --root runs another checkout's bin/sieve (a build of main, for the figures before a change).
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { shortCorpus } from './short-corpus.mjs'

const here = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []))
const root = resolve(args.root ?? here)
const op = args.op ?? 'document_deduplicator'
const sizes = (args.docs ?? '1000000').split(',').map(Number)
const dataDir = join(here, 'bench', 'data')

const results = []
for (const n of sizes) {
  const input = await shortCorpus(dataDir, n)
  const dir = join(dataDir, 'runs', `${op}-${n}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const recipe = join(dir, 'recipe.yaml')
  writeFileSync(
    recipe,
    `project_name: dedup-${n}
dataset_path: ${input}
export_path: ${join(dir, 'out.parquet')}
work_dir: ${join(dir, 'work')}
np: 2
text_keys: text
checkpoint: {strategy: disabled}
process:
  - ${op}:
`
  )
  // Built before timing, so the first run does not count a build.
  spawnSync(process.execPath, [join(root, 'bin', 'sieve'), '--version'], { stdio: 'ignore' })
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, join(root, 'bin', 'sieve'), 'run', recipe], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${op} on ${n} documents failed: ${r.stderr}`)
  const [wall, user, system, rssKb] = r.stderr.trim().split('\n').pop().split(' ').map(Number)
  const summary = JSON.parse(readFileSync(join(dir, 'work', 'logs', 'processing_summary.json'), 'utf8'))
  const result = {
    op,
    docs: n,
    wall_s: wall,
    cpu_s: Math.round((user + system) * 10) / 10,
    docs_per_s: Math.round(n / wall),
    peak_rss_mb: Math.round(rssKb / 1024),
    rows_out: summary.rows_out
  }
  console.log(JSON.stringify(result))
  results.push(result)
  rmSync(dir, { recursive: true, force: true })
}
