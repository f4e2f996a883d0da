// Where a job's time goes: runs the reference pipeline with V8's CPU profiler on the main thread
// and on every worker thread, and prints each thread's busy and idle time and its heaviest functions.
//   npm run bench:profile [-- --mb 250 --np 2 --strategy every_op|disabled --top 20 --dedup document_minhash_deduplicator --input file.jsonl]
// --dedup replaces the pipeline's deduplicator (document_deduplicator) with another, to see what its keys cost;
// --input runs on that file instead of the generated corpus of --mb (e.g. bench:scale's short documents).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { join, resolve } from 'node:path'
import { data, root } from './corpus'
import { Job } from '../src/engine/job/job'
import { parseRecipe } from '../src/engine/job/recipe'
import { TEST_WORKER } from '../src/engine/testing'

const args = Object.fromEntries(process.argv.slice(2).flatMap((a, i, all) => (a.startsWith('--') ? [[a.slice(2), all[i + 1]!]] : [])))
const MB = Number(args.mb ?? 250)
const NP = Number(args.np ?? 2)
const STRATEGY = args.strategy ?? 'every_op'
const TOP = Number(args.top ?? 20)
const DEDUP = args.dedup ?? 'document_deduplicator'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

function corpus(mb: number): string {
  const path = join(data, `corpus-${mb}mb.jsonl`)
  if (!existsSync(path)) {
    mkdirSync(data, { recursive: true })
    execFileSync(process.execPath, [join(root, '..', 'shared', 'tools', 'gen-corpus.mjs'), '--mb', String(mb), '--out', path], { stdio: 'inherit' })
  }
  return path
}

/** Self time per function, and the time the thread slept (idle: waiting for I/O or for work). */
function summarize(name: string, profile: Profile): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)))
  const perFunction = new Map<string, number>()
  let idle = 0
  let total = 0
  for (const [id, micros] of self) {
    const frame = byId.get(id)!.callFrame
    total += micros
    if (frame.functionName === '(idle)') {
      idle += micros
      continue
    }
    const file = frame.url.replace(/^file:\/\//, '').replace(`${root}/`, '')
    const key = `${frame.functionName || '(anonymous)'}  ${file}${file ? `:${frame.lineNumber + 1}` : ''}`
    perFunction.set(key, (perFunction.get(key) ?? 0) + micros)
  }
  const s = (micros: number): string => (micros / 1e6).toFixed(2)
  console.log(`\n## ${name}: ${s(total)} s sampled, ${s(total - idle)} s busy, ${s(idle)} s idle\n`)
  console.log('| self s | % of busy | function |\n|---|---|---|')
  for (const [key, micros] of [...perFunction].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
    console.log(`| ${s(micros)} | ${((100 * micros) / (total - idle)).toFixed(1)} | ${key.replace(/\|/g, '\\|')} |`)
  }
}

async function main(): Promise<void> {
  const input = args.input === undefined ? corpus(MB) : resolve(args.input)
  const dir = join(data, 'runs', `profile-${STRATEGY}-np${NP}`)
  const profiles = join(dir, 'profiles')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(profiles, { recursive: true })
  const yaml = `dataset_path: ${input}\nexport_path: ${join(dir, 'out.parquet')}\nwork_dir: ${join(dir, 'work')}\nnp: ${NP}\npartition_size: 10000\ncheckpoint: {strategy: ${STRATEGY}}\nexport: {compression: zstd}\nprocess:\n  - whitespace_normalization_mapper:\n  - text_length_filter: {min_len: 50, max_len: 20000}\n  - alphanumeric_filter: {min_ratio: 0.25}\n  - ${DEDUP}:\n`
  const { recipe } = parseRecipe(yaml, dir)
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 1000 })
  await session.post('Profiler.start')
  const started = performance.now()
  const job = await Job.create(recipe, {
    workerPath: TEST_WORKER,
    execArgv: ['--cpu-prof', `--cpu-prof-dir=${profiles}`, '--cpu-prof-interval=1000']
  })
  const outcome = await job.run()
  const wall = (performance.now() - started) / 1000
  const { profile } = await session.post('Profiler.stop')
  writeFileSync(join(profiles, 'main.cpuprofile'), JSON.stringify(profile))
  console.log(
    `# ${MB} MB, np=${NP}, checkpoint ${STRATEGY}, ${DEDUP}: ${outcome.status} in ${wall.toFixed(2)} s (the profiler slows it down a little)`
  )
  summarize('main thread', profile as unknown as Profile)
  // Worker profiles are written when each thread exits, which job.run() has waited for.
  const workerFiles = readdirSync(profiles).filter((f) => f !== 'main.cpuprofile' && f.endsWith('.cpuprofile'))
  for (const [i, file] of workerFiles.entries()) summarize(`worker ${i + 1}`, JSON.parse(readFileSync(join(profiles, file), 'utf8')) as Profile)
  console.log(`\nprofiles (open in Chrome DevTools): ${profiles}`)
}

void main()
