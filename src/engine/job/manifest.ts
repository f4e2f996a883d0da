import { randomBytes } from 'node:crypto'
import { open, readdir, readFile, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { fileError } from '../io/fs-errors'
import { fsyncDirectory, publishText, writeFully } from '../io/publish'

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
  /** Rows an operator failed on, per operator (skip_op_error); counted in bad_records. */
  op_errors?: FileRecord[]
  /** Data-Juicer's tracer: rows each traced operator changed or dropped. */
  trace?: FileRecord[]
  /** Each filter's outcome (what it kept and dropped), one per filter run; absent in manifests written before they were kept. */
  outcomes?: OutcomeRecord[]
  bad_records: number
  rows_read: number
  /** Counts per op index, from the attempt that got furthest. */
  ops: Record<string, OpCount>
  millis: number
}

import type { JobStatus } from '../../shared/jobs'
import type { CheckpointRecord, DedupRecord, FileRecord, OpCount, OutcomeRecord } from '../task-types'
export type { CheckpointRecord, DedupRecord, FileRecord, OpCount, OutcomeRecord } from '../task-types'
export type { JobStatus }

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
  /** When the current (or last) run began: the start, or the latest resume. Absent in manifests written before it was kept. */
  run_started_at?: string
  updated_at: string
  finished_at?: string
  /** The process running the job, so a job whose process is gone reads as interrupted. */
  pid: number
  recipe_sha256: string
  partitions: PartitionState[]
  dedup: Record<string, DedupRecord>
  export?: ExportRecord
  error?: string
  /** The journal that continues this snapshot: partition states saved since, one per line. */
  journal?: string
}

export function newPartitionState(): PartitionState {
  return { status: 'pending', stage: 0, attempts: 0, checkpoints: [], rejected: [], outcomes: [], bad_records: 0, rows_read: 0, ops: {}, millis: 0 }
}

/** The manifest of a job that has done nothing yet. */
export function newManifest(plan: { recipe_sha256: string; partitions: unknown[] }): Manifest {
  const now = new Date().toISOString()
  return {
    version: 1,
    job_id: `${now.slice(0, 19).replace(/[-:T]/g, '')}-${randomBytes(3).toString('hex')}`,
    status: 'running',
    started_at: now,
    run_started_at: now,
    updated_at: now,
    pid: process.pid,
    recipe_sha256: plan.recipe_sha256,
    partitions: plan.partitions.map(() => newPartitionState()),
    dedup: {}
  }
}

/** A journal line: one partition's whole state, as saved at `at`. */
interface JournalEntry {
  id: number
  at: string
  state: PartitionState
}

export function journalPath(manifestPath: string, generation: string): string {
  return join(dirname(manifestPath), `manifest-${generation}.journal`)
}

/** The manifest as last saved: the snapshot, then its journal's complete lines in order (a torn last line is ignored). */
export async function readManifest(path: string): Promise<Manifest | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch {
    return undefined
  }
  const parsed = JSON.parse(text) as Manifest
  if (parsed.version !== 1 || !Array.isArray(parsed.partitions)) throw new Error(`${path} is not a Sieve manifest`)
  if (parsed.journal === undefined) return parsed
  let journal: string
  try {
    journal = await readFile(journalPath(path, parsed.journal), 'utf8')
  } catch {
    return parsed
  }
  const lines = journal.split('\n')
  // What follows the last newline is a line a crash cut short.
  for (const line of lines.slice(0, -1)) {
    const entry = JSON.parse(line) as JournalEntry
    parsed.partitions[entry.id] = entry.state
    parsed.updated_at = entry.at
  }
  return parsed
}

/** Past this size a journal is folded into a new snapshot (or past the snapshot's own size, if larger). */
const COMPACT_BYTES = 1 << 20

/**
 * Writes the manifest: one writer, writes queued in order. A partition's change is appended to the
 * journal (its state on one line, fsynced), so its cost does not grow with the job; anything else,
 * or a journal grown past the snapshot, publishes a new snapshot atomically with a new journal.
 * Changes asked for while a write is in flight are merged into the next one.
 */
export class ManifestWriter {
  private writing: Promise<void> = Promise.resolve()
  private scheduled = false
  private full = true
  private readonly dirty = new Set<number>()
  private journalBytes = 0
  private compactAt = COMPACT_BYTES

  constructor(
    private readonly path: string,
    private readonly tempDir: string,
    readonly manifest: Manifest
  ) {}

  /** Saves the change of one partition, or (without `partition`) of the whole manifest. */
  save(partition?: number): Promise<void> {
    if (partition === undefined) this.full = true
    else this.dirty.add(partition)
    if (this.scheduled) return this.writing
    this.scheduled = true
    // A failed write (a full disk) fails its callers, not every write after it.
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        this.scheduled = false
        const full = this.full || this.manifest.journal === undefined || this.journalBytes > this.compactAt
        const ids = [...this.dirty]
        this.full = false
        this.dirty.clear()
        this.manifest.updated_at = new Date().toISOString()
        try {
          if (full) await this.snapshot()
          else await this.append(ids)
        } catch (err) {
          // What this write held is not on disk, and a journal may end in a torn line: the next write is a snapshot.
          this.full = true
          throw err
        }
      })
    return this.writing
  }

  private async snapshot(): Promise<void> {
    const previous = this.manifest.journal
    this.manifest.journal = randomBytes(6).toString('hex')
    try {
      const text = `${JSON.stringify(this.manifest, null, 1)}\n`
      await publishText(this.tempDir, this.path, text)
      this.journalBytes = 0
      this.compactAt = Math.max(COMPACT_BYTES, Buffer.byteLength(text))
    } catch (err) {
      this.manifest.journal = previous
      throw err
    }
    // Journals of older snapshots are read by nobody now.
    const current = basename(journalPath(this.path, this.manifest.journal))
    for (const name of await readdir(dirname(this.path))) {
      if (name !== current && /^manifest-[0-9a-f]+\.journal$/.test(name)) await rm(join(dirname(this.path), name), { force: true })
    }
  }

  private async append(ids: number[]): Promise<void> {
    const at = this.manifest.updated_at
    const text = ids.map((id) => `${JSON.stringify({ id, at, state: this.manifest.partitions[id] } satisfies JournalEntry)}\n`).join('')
    const path = journalPath(this.path, this.manifest.journal!)
    try {
      const handle = await open(path, 'a')
      try {
        await writeFully(handle, Buffer.from(text))
        await handle.sync()
      } catch (err) {
        // A line cut short by a full disk must not stay in the middle of the journal, where a reader cannot skip it.
        await handle.truncate(this.journalBytes).catch(() => undefined)
        throw err
      } finally {
        await handle.close()
      }
      if (this.journalBytes === 0) await fsyncDirectory(dirname(path))
    } catch (err) {
      throw fileError(err, path)
    }
    this.journalBytes += Buffer.byteLength(text)
  }
}
