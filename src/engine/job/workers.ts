import { availableParallelism } from 'node:os'

/**
 * How many worker threads a job with this `np` runs: no more than the machine has cores.
 * Data-Juicer recipes are often written for large servers (np 48–50); on a small machine as
 * many workers only contend for the cores and each holds its own operators' models in memory.
 * The recipe keeps its np (it is exported and resumed as written); only the pool is capped.
 */
export function workerCount(np: number): number {
  return Math.max(1, Math.min(np, availableParallelism()))
}

/** What a job says when its np is more than the machine can run; nothing when it is not. */
export function workerCapNote(np: number): string[] {
  const workers = workerCount(np)
  if (workers === np) return []
  return [`np ${np} is more than this machine's ${availableParallelism()} cores: running ${workers} workers`]
}
