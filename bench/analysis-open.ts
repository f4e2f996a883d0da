// How long opening a saved analysis takes, as the window opens it: a real `sieve serve`, over its
// WebSocket API, `analysis/get` (a job's analysis) and `analysis/find` (the analysis of a recipe's
// input and filters), each the first time and then RUNS times. Prints one JSON line (milliseconds).
//   node --import tsx bench/analysis-open.ts RECIPE.yaml ANALYSIS_WORK_DIR [--runs 10]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSocket, socketCall, spawnServe } from '../src/main/server/testing-serve'

const [recipePath, workDir] = process.argv.slice(2)
const runsAt = process.argv.indexOf('--runs')
const RUNS = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 10
const TOKEN = 'bench-analysis-open-0123456789'

async function timed(call: () => Promise<{ ok: boolean }>): Promise<number> {
  const started = performance.now()
  const reply = await call()
  if (!reply.ok) throw new Error(`the call failed: ${JSON.stringify(reply)}`)
  return performance.now() - started
}

async function series(call: () => Promise<{ ok: boolean }>): Promise<{ first_ms: number; median_ms: number; max_ms: number }> {
  const first = await timed(call)
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) times.push(await timed(call))
  times.sort((a, b) => a - b)
  return { first_ms: first, median_ms: times[Math.floor(times.length / 2)]!, max_ms: times.at(-1)! }
}

async function main(): Promise<void> {
  if (recipePath === undefined || workDir === undefined) throw new Error('usage: analysis-open.ts RECIPE.yaml ANALYSIS_WORK_DIR [--runs N]')
  const home = mkdtempSync(join(tmpdir(), 'sieve-bench-open-'))
  const { child, port } = await spawnServe(home, TOKEN)
  try {
    const ws = await openSocket(port, { Authorization: `Bearer ${TOKEN}` })
    const yaml = readFileSync(recipePath, 'utf8')
    const get = await series(() => socketCall(ws, 'analysis/get', { workDir }))
    const find = await series(() => socketCall(ws, 'analysis/find', { yaml }))
    ws.close()
    console.log(JSON.stringify({ runs: RUNS, get, find }))
  } finally {
    child.kill('SIGTERM')
    rmSync(home, { recursive: true, force: true })
  }
}

void main()
