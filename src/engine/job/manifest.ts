import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { publishText, type PublishedFile } from '../io/publish'
import type { StorageFormat } from '../../shared/recipe'

export type FileRecord = PublishedFile & { rows: number }

export interface CheckpointRecord extends FileRecord {
  op_index: number
  op_name: string
  format: StorageFormat
  /** Arrow schema (IPC, base64): a JSONL checkpoint is read back with it. */
  schema: string
  /**
   * A delta checkpoint holds only what its operator changed over the checkpoint after operator
   * `base_op` (-1: the partition's source slice, read again): a filter's, which rows it kept and
   * their stats; a mapper's (`delta: 'text'`), which rows it rewrote and their new text. Reading
   * it needs its base, and a checkpoint a delta depends on is kept as long as the delta is.
   */
  base_op?: number
  /** `rows` of a text delta counts the rows it rewrote; the rows it stands for are its base's. */
  delta?: 'text'
}

export interface OpCount {
  name: string
  rows_in: number
  rows_out: number
  millis: number
  text_bytes: number
}

export type PartitionStatus = 'pending' | 'running' | 'done' | 'failed'

export interface PartitionState {
  status: PartitionStatus
  /** The stage this partition is in (== number of stages once done). */
  stage: number
  /** Attempts at the current stage; reset when a stage succeeds (retries count from it). */
  attempts: number
  /** Every attempt over the job's life, resumes included: what the monitor shows. */
  attempts_total?: number
  error?: string
  checkpoints: CheckpointRecord[]
  result?: FileRecord
  errors_file?: FileRecord
  rejected: FileRecord[]
  bad_records: number
  rows_read: number
  /** Counts per op index, from the attempt that got furthest. */
  ops: Record<string, OpCount>
  millis: number
}

import type { JobStatus } from '../../shared/jobs'
export type { JobStatus }

export interface DedupRecord extends FileRecord {
  op_index: number
  dropped: number
}

export interface ExportRecord {
  complete: boolean
  files: FileRecord[]
}

/** The state of a job, replaced atomically as a whole: resume trusts it and nothing else. */
export interface Manifest {
  version: 1
  job_id: string
  status: JobStatus
  started_at: string
  updated_at: string
  finished_at?: string
  /** The process running the job, so a job whose process is gone reads as interrupted. */
  pid: number
  recipe_sha256: string
  partitions: PartitionState[]
  dedup: Record<string, DedupRecord>
  export?: ExportRecord
  error?: string
}

export function newPartitionState(): PartitionState {
  return { status: 'pending', stage: 0, attempts: 0, checkpoints: [], rejected: [], bad_records: 0, rows_read: 0, ops: {}, millis: 0 }
}

/** The manifest of a job that has done nothing yet. */
export function newManifest(plan: { recipe_sha256: string; partitions: unknown[] }): Manifest {
  const now = new Date().toISOString()
  return {
    version: 1,
    job_id: `${now.slice(0, 19).replace(/[-:T]/g, '')}-${randomBytes(3).toString('hex')}`,
    status: 'running',
    started_at: now,
    updated_at: now,
    pid: process.pid,
    recipe_sha256: plan.recipe_sha256,
    partitions: plan.partitions.map(() => newPartitionState()),
    dedup: {}
  }
}

export async function readManifest(path: string): Promise<Manifest | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return undefined
  }
  const parsed = JSON.parse(text) as Manifest
  if (parsed.version !== 1 || !Array.isArray(parsed.partitions)) throw new Error(`${path} is not a Sieve manifest`)
  return parsed
}

/**
 * Writes the manifest: one writer, writes queued in order, each one published atomically.
 * A write asked for while one is in flight is merged into the next.
 */
export class ManifestWriter {
  private writing: Promise<void> = Promise.resolve()
  private pending = false

  constructor(
    private readonly path: string,
    private readonly tempDir: string,
    readonly manifest: Manifest
  ) {}

  save(): Promise<void> {
    if (this.pending) return this.writing
    this.pending = true
    // A failed write (a full disk) fails its callers, not every write after it.
    this.writing = this.writing.catch(() => undefined).then(async () => {
      this.pending = false
      this.manifest.updated_at = new Date().toISOString()
      await publishText(this.tempDir, this.path, `${JSON.stringify(this.manifest, null, 1)}\n`)
    })
    return this.writing
  }
}
