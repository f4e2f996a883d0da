import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Test-only fault injection, set through SIEVE_FAILPOINTS (JSON): before operator `op` runs on
 * `partition`, fail `times` times (-1: always) — throw, kill the worker thread, or exhaust its
 * memory, or SIGKILL the whole process (`kill`, as a power cut would stop it). Counts live in
 * `state_dir`, so they hold across retries and processes. `op` may also name a point of the job
 * itself: `final_manifest_save` (the manifest save that ends a job), `key_runs` (a partition's key
 * runs written, its boundary checkpoint not yet), `dedup_decision` (`partition`: the key table
 * just merged), `dedup_clusters` (`partition`: the round over the union-find's spilled runs just
 * merged).
 */
interface Failpoint {
  op: string
  partition: number | '*'
  times: number
  mode?: 'throw' | 'crash' | 'oom' | 'kill'
  state_dir: string
}

function failpoints(): Failpoint[] {
  const raw = process.env.SIEVE_FAILPOINTS
  if (raw === undefined || raw === '') return []
  return JSON.parse(raw) as Failpoint[]
}

export function checkFailpoint(op: string, partition: number): void {
  for (const fp of failpoints()) {
    if (fp.op !== op || (fp.partition !== '*' && fp.partition !== partition)) continue
    mkdirSync(fp.state_dir, { recursive: true })
    const counter = join(fp.state_dir, `${op}-${partition}`)
    let count = 0
    try {
      count = Number(readFileSync(counter, 'utf8'))
    } catch {
      count = 0
    }
    if (fp.times !== -1 && count >= fp.times) continue
    writeFileSync(counter, String(count + 1))
    if (fp.mode === 'crash') process.exit(3)
    if (fp.mode === 'kill') process.kill(process.pid, 'SIGKILL')
    if (fp.mode === 'oom') {
      const hoard: number[][] = []
      for (;;) hoard.push(new Array(1 << 20).fill(hoard.length))
    }
    throw new Error(`injected failure in ${op} on partition ${partition} (failpoint ${count + 1})`)
  }
}
