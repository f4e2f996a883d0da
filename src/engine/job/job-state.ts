import type { CheckpointRecord, DedupRecord, FileRecord, OpCount, OutcomeRecord, PublishedKind } from '../task-types'
import { checkFailpoint } from './failpoints'
import type { WorkDir } from './layout'
import { ManifestWriter, type JobStatus, type Manifest, type PartitionState } from './manifest'
import type { Plan } from './plan'

/*
 * A manifest changes only through the transitions below, each named after what happened. The ones
 * reconcile needs are plain functions on a manifest or a partition's state, since the Resume
 * dialog reconciles a manifest that no job holds; the rest are JobState's methods.
 */

/** Its result verified on resume: the partition is done. */
export function resultVerified(p: PartitionState, stages: number): void {
  p.status = 'done'
  p.stage = stages
  p.attempts = 0
}

/** The partition runs again from `stage`, its result (if any) forgotten. */
export function partitionReset(p: PartitionState, stage: number): void {
  delete p.result
  p.status = 'pending'
  p.stage = stage
  delete p.error
  p.attempts = 0
}

/** Of the partition's files, only these passed their check: the others are forgotten. */
export function filesChecked(
  p: PartitionState,
  kept: {
    result: boolean
    checkpoints: CheckpointRecord[]
    errorsFile: boolean
    rejected: FileRecord[]
    opErrors: FileRecord[]
    trace: FileRecord[]
    outcomes: OutcomeRecord[]
  }
): void {
  if (!kept.result) delete p.result
  p.checkpoints = kept.checkpoints
  if (!kept.errorsFile) delete p.errors_file
  p.rejected = kept.rejected
  // Bad records an operator's file held are no longer counted once the file is gone.
  for (const gone of (p.op_errors ?? []).filter((r) => !kept.opErrors.includes(r))) p.bad_records -= gone.rows
  if (p.op_errors !== undefined) p.op_errors = kept.opErrors
  if (p.trace !== undefined) p.trace = kept.trace
  if (p.outcomes !== undefined) p.outcomes = kept.outcomes
}

/** Checkpoints forgotten: their files go, or the partition starts over without them. */
export function checkpointsForgotten(p: PartitionState, forgotten: readonly CheckpointRecord[]): void {
  p.checkpoints = p.checkpoints.filter((c) => !forgotten.includes(c))
}

/** A dedup decision whose file failed its check: it is made again. */
export function decisionForgotten(manifest: Manifest, opIndex: string): void {
  delete manifest.dedup[opIndex]
}

/** An export not complete, or whose files failed their check: it is done again. */
export function exportForgotten(manifest: Manifest): void {
  delete manifest.export
}

/** A record replaces the one of the same operator. */
function withRecord(checkpoints: CheckpointRecord[], record: CheckpointRecord): CheckpointRecord[] {
  return [...checkpoints.filter((c) => c.op_index !== record.op_index), record]
}

/**
 * A job's state: its plan, its work directory and its manifest (the only thing resume trusts),
 * kept on disk by one writer. Every change to the manifest goes through a method here.
 */
export class JobState {
  private readonly writer: ManifestWriter

  constructor(
    readonly plan: Plan,
    readonly dir: WorkDir,
    manifest: Manifest
  ) {
    this.writer = new ManifestWriter(dir.manifest, dir.temp, manifest)
  }

  get manifest(): Manifest {
    return this.writer.manifest
  }

  partition(id: number): Readonly<PartitionState> {
    return this.manifest.partitions[id]!
  }

  /** Saves one partition's change, or (without `partition`) the whole manifest; `final` is the save that ends the job. */
  async save({ partition, final = false }: { partition?: number; final?: boolean } = {}): Promise<void> {
    if (final) checkFailpoint('final_manifest_save', 0)
    await this.writer.save(partition)
  }

  /** Reopened to resume: running again, in this process. */
  reopened(): void {
    this.manifest.status = 'running'
    this.manifest.run_started_at = new Date().toISOString()
    this.manifest.pid = process.pid
    delete this.manifest.finished_at
    delete this.manifest.error
  }

  /** Resume's decision (reconcile) taken over: what the files on disk no longer support is forgotten. */
  reconciled(decided: Manifest): void {
    const current = this.manifest as unknown as Record<string, unknown>
    for (const key of Object.keys(current)) if (!(key in decided)) delete current[key]
    Object.assign(current, decided)
  }

  /** A new job over an earlier export's files: they stay this job's to replace, and its stale shards to remove. */
  earlierExportAdopted(files: FileRecord[]): void {
    this.manifest.export = { complete: false, files }
  }

  attemptStarted(id: number): void {
    const p = this.manifest.partitions[id]!
    p.status = 'running'
    p.attempts++
    p.attempts_total = (p.attempts_total ?? 0) + 1
  }

  inputRead(id: number, rows: number, badRecords: number): void {
    const p = this.manifest.partitions[id]!
    p.rows_read = rows
    p.bad_records = badRecords
    // Every operator runs again after a read: the rows they fail on are counted again as they publish them.
    if (p.op_errors !== undefined) p.op_errors = []
  }

  opCounted(id: number, opIndex: number, count: OpCount): void {
    this.manifest.partitions[id]!.ops[String(opIndex)] = count
  }

  filePublished(id: number, kind: PublishedKind, record: FileRecord): void {
    const p = this.manifest.partitions[id]!
    const replaced = (list: FileRecord[] | undefined): FileRecord[] => [...(list ?? []).filter((r) => r.path !== record.path), record]
    if (kind === 'errors') p.errors_file = record
    else if (kind === 'rejected') p.rejected = replaced(p.rejected)
    else if (kind === 'trace') p.trace = replaced(p.trace)
    else {
      p.bad_records += record.rows - (p.op_errors?.find((r) => r.path === record.path)?.rows ?? 0)
      p.op_errors = replaced(p.op_errors)
    }
  }

  /** A filter ran on the partition (again): its outcome replaces whatever the partition held for that operator. */
  outcomeRecorded(id: number, record: OutcomeRecord): void {
    const p = this.manifest.partitions[id]!
    p.outcomes = [...(p.outcomes ?? []).filter((r) => r.op_index !== record.op_index), record]
  }

  checkpointRecorded(id: number, record: CheckpointRecord, ops: Record<string, OpCount>): void {
    const p = this.manifest.partitions[id]!
    p.checkpoints = withRecord(p.checkpoints, record)
    Object.assign(p.ops, ops)
  }

  checkpointsRemoved(id: number, removed: readonly CheckpointRecord[]): void {
    checkpointsForgotten(this.manifest.partitions[id]!, removed)
  }

  /** An attempt ended well: its counts and time are the partition's, and retries count from zero again. */
  attemptSucceeded(id: number, ops: Record<string, OpCount>, millis: number): void {
    const p = this.manifest.partitions[id]!
    Object.assign(p.ops, ops)
    p.millis += millis
    p.attempts = 0
    delete p.error
  }

  /** Stage `stageIndex` ended at its boundary (the keys the next decision needs): the next stage is pending. */
  stageCompleted(id: number, stageIndex: number, boundary: CheckpointRecord): void {
    const p = this.manifest.partitions[id]!
    p.checkpoints = withRecord(p.checkpoints, boundary)
    p.stage = stageIndex + 1
    p.status = 'pending'
  }

  partitionCompleted(id: number, result: FileRecord): void {
    const p = this.manifest.partitions[id]!
    p.result = result
    p.status = 'done'
    p.stage = this.plan.stages.length
  }

  /** The job was cancelled during the attempt: the partition waits for the resume. */
  attemptInterrupted(id: number): void {
    const p = this.manifest.partitions[id]!
    if (p.status === 'running') p.status = 'pending'
  }

  retryScheduled(id: number): void {
    this.manifest.partitions[id]!.status = 'pending'
  }

  partitionFailed(id: number, error: string): void {
    const p = this.manifest.partitions[id]!
    p.status = 'failed'
    p.error = error
  }

  decisionRecorded(opIndex: number, record: DedupRecord): void {
    this.manifest.dedup[String(opIndex)] = record
  }

  exportCompleted(files: FileRecord[]): void {
    this.manifest.export = { complete: true, files }
  }

  /** The export is published: every partition's checkpoints are forgotten (their files go next). Returns them. */
  allCheckpointsForgotten(): CheckpointRecord[][] {
    const old = this.manifest.partitions.map((p) => p.checkpoints)
    for (const p of this.manifest.partitions) p.checkpoints = []
    return old
  }

  /** The run ended at `at` (ms since the epoch). */
  ended(status: JobStatus, message: string, at: number = Date.now()): void {
    this.manifest.status = status
    this.manifest.finished_at = new Date(at).toISOString()
    if (status === 'failed') this.manifest.error = message
  }

  /** The save that ends the job failed: what it meant to record did not happen, and the job failed. */
  finalSaveFailed(message: string): void {
    this.manifest.status = 'failed'
    this.manifest.error = message
  }
}
