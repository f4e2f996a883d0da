import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** Test-only helpers: where the shared real-world files are, and scratch folders. */
export const REPO_ROOT = resolve(__dirname, '..', '..')
export const SHARED_DATA = resolve(REPO_ROOT, '..', 'shared', 'data')
export const GSM8K = join(SHARED_DATA, 'text', 'gsm8k_train.jsonl')
export const COSQA = join(SHARED_DATA, 'text', 'cosqa_corpus-00000-of-00001.parquet')
export const PARQUET_GOOD = join(SHARED_DATA, 'parquet-testing', 'good')
export const PARQUET_BAD = join(SHARED_DATA, 'parquet-testing', 'bad')
export const GEN_CORPUS = resolve(REPO_ROOT, '..', 'shared', 'tools', 'gen-corpus.mjs')

export function scratchDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `sieve-${prefix}-`))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/** The engine worker from its TypeScript source, for jobs run inside tests. */
export const TEST_WORKER = join(__dirname, 'testing-worker.cjs')

/** Worker threads of this process still alive (the diagnostic report lists every one that has not exited). */
export function liveWorkerThreads(): number {
  return (process.report.getReport() as { workers: unknown[] }).workers.length
}
