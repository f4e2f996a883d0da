#!/usr/bin/env node
// Wall time and peak RSS of one deduplicator over N short documents (6–12 words; a tenth exact
// copies of an earlier one, a tenth with one word changed), np 2, checkpoints off: what the
// global decision costs as the corpus grows. CPU seconds (user + system) are printed beside the
// wall time: on a shared machine they say more about the work done.
//   node bench/dedup-decision.mjs --op document_deduplicator --docs 1000000,4000000 [--root CHECKOUT]
// --root runs another checkout's bin/sieve (a build of main, for the figures before a change).
import { spawnSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { once } from 'node:events'

const here = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []))
const root = resolve(args.root ?? here)
const op = args.op ?? 'document_deduplicator'
const sizes = (args.docs ?? '1000000').split(',').map(Number)
const dataDir = join(here, 'bench', 'data')

/** mulberry32: deterministic, so every run and every checkout reads the same corpus. */
function random(seed) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function corpus(n) {
  const path = join(dataDir, `short-${n}.jsonl`)
  if (existsSync(path)) return path
  mkdirSync(dataDir, { recursive: true })
  const rand = random(7)
  const words = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}${'aeiou'[i % 5]}`)
  const docs = []
  const out = createWriteStream(`${path}.part`)
  for (let i = 0; i < n; i++) {
    const r = rand()
    let text
    if (i > 0 && r < 0.1) text = docs[Math.floor(rand() * docs.length)]
    else if (i > 0 && r < 0.2) {
      const tokens = docs[Math.floor(rand() * docs.length)].split(' ')
      tokens[Math.floor(rand() * tokens.length)] = words[Math.floor(rand() * words.length)]
      text = tokens.join(' ')
    } else text = Array.from({ length: 6 + Math.floor(rand() * 7) }, () => words[Math.floor(rand() * words.length)]).join(' ')
    // Earlier documents to copy from: a bounded window, so the generator's memory stays flat.
    if (docs.length < 100000) docs.push(text)
    else docs[Math.floor(rand() * docs.length)] = text
    if (!out.write(`${JSON.stringify({ text })}\n`)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  renameSync(`${path}.part`, path)
  return path
}

const results = []
for (const n of sizes) {
  const input = await corpus(n)
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
