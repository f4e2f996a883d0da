import type { LogLevel } from './recipe'

/**
 * `cancelled`: the user asked the job to stop (the window's Cancel); `interrupted`: it stopped
 * without being asked (its process was killed or shut down, or Ctrl+C in a terminal). Both resume.
 */
export type JobStatus = 'running' | 'completed' | 'completed_with_failures' | 'failed' | 'interrupted' | 'cancelled'

export interface PublishedChunk {
  path: string
  rows: number
  bytes: number
}

/** A job as its work directory tells it. */
export interface JobSummary {
  workDir: string
  jobId: string
  projectName: string
  /** A run processes and exports; an analysis summarizes every stat of the input (its export is analysis.json and report.html). */
  kind: 'run' | 'analysis'
  status: JobStatus
  /** When the job was first started; a resume does not move it. */
  startedAt: string
  finishedAt: string | null
  /** Wall time of the last run (start or resume to its end, pauses included); null while it runs or when it never ended. */
  runSeconds: number | null
  /** True while the job is paused in this backend (no new partition starts). */
  paused: boolean
  rowsPlanned: number
  rowsOut: number
  badRecords: number
  /** Stages of the plan: a deduplicator cuts the chain in two. */
  stages: number
  /** `stage`: stages the partition has finished (== stages once done). */
  partitions: {
    id: number
    status: 'pending' | 'running' | 'done' | 'failed'
    stage: number
    rowsIn: number
    result?: PublishedChunk
    error?: string
  }[]
  exportFiles: PublishedChunk[]
}

/** Event types of Data-Juicer's event logger, with its string values. */
export type EventType =
  | 'job_start'
  | 'job_complete'
  | 'job_failed'
  | 'job_cancelled'
  | 'job_restart'
  | 'partition_start'
  | 'partition_complete'
  | 'partition_failed'
  | 'partition_resume'
  | 'partition_retry'
  | 'op_start'
  | 'op_complete'
  | 'op_failed'
  | 'checkpoint_save'
  | 'checkpoint_load'
  | 'checkpoint_error'
  | 'dedup_decision'
  | 'export_start'
  | 'export_complete'
  | 'bad_records'
  | 'resource_usage'
  | 'processing_error'

/** One line of logs/processing_events.jsonl; fields without a value are left out, as Data-Juicer does. */
export interface JobEvent {
  event_type: EventType
  timestamp: number
  level: LogLevel
  message: string
  job_id?: string
  partition_id?: number
  operation_name?: string
  operation_idx?: number
  duration?: number
  error_message?: string
  retry_count?: number
  checkpoint_path?: string
  output_path?: string
  input_rows?: number
  output_rows?: number
  metadata?: Record<string, unknown>
}

/** How far a job is, a few times a second while it runs. */
export interface JobProgress {
  job_id: string
  status: JobStatus
  stage: number
  stages: number
  /** `finished_stage`: partitions that finished the stage the job is in (`stage`), done ones included. */
  partitions: { total: number; done: number; failed: number; running: number; finished_stage: number }
  rows_total: number
  /** Input rows read (a partition past its first stage has read all of its rows). */
  rows_done: number
  /**
   * Rows through a stage: a partition's rows count once for each stage it finished, and a partition
   * in its first stage counts the rows it has read. `stage_rows_done / (rows_total × stages)` is how
   * far the job is, and `stage_rows_done / stages` its rows through the whole chain (see job-figures).
   */
  stage_rows_done: number
  /** Wall time of this run, pauses included. */
  elapsed_ms: number
  /** Time this run was active: its wall time less the time it stood paused with no partition running. */
  active_ms: number
  /** Rows through the whole chain (stage_rows_done / stages) per active second of this run; what a resumed job found done does not count. */
  rows_per_s: number
  bytes_per_s: number
  /** Input bytes planned, and read so far (a partition counts in proportion to its rows read). */
  bytes_total: number
  bytes_done: number
  /** True while the job waits to schedule more partitions (running ones finish their stage). */
  paused: boolean
}

/** Pushed to the window: every job event and progress report, with the work directory it belongs to. */
export type JobEventPayload = JobEvent & { work_dir: string }
export type JobProgressPayload = JobProgress & { work_dir: string }

/** One checkpoint a partition holds: where it can restart from. */
export interface CheckpointInfo {
  opIndex: number
  opName: string
  path: string
  rows: number
  bytes: number
}

/** A partition as its manifest tells it, for the monitor's partition grid. */
export interface PartitionDetail {
  id: number
  status: 'pending' | 'running' | 'done' | 'failed'
  /** Stages finished (== stages once done). */
  stage: number
  attempts: number
  rowsIn: number
  rowsRead: number
  bytes: number
  badRecords: number
  millis: number
  error?: string
  checkpoints: CheckpointInfo[]
  result?: PublishedChunk
  errorsFile?: string
}

/** Rows in and out of one operator of the recipe, over every partition. */
export interface OperatorTotals {
  index: number
  name: string
  rowsIn: number
  rowsOut: number
  dropped: number
  millis: number
  textBytes: number
}

/** Everything the monitor and the report show about a job, read from its work directory. */
export interface JobDetails extends JobSummary {
  recipeYaml: string
  exportPath: string
  stages: number
  bytesPlanned: number
  partitionDetails: PartitionDetail[]
  operations: OperatorTotals[]
  duplicatesRemoved: number
  /** Files of bad records (errors/), one per partition that had any. */
  errorFiles: string[]
  /** Wall time of the last run, once it ended: the same figure as the summary's `runSeconds`. */
  wallSeconds: number | null
  /** `activeS`: the last run's active time; `rowsPerS`: its throughput (rows through the chain per active second). */
  performance: { cpuUserS: number; cpuSystemS: number; peakRssMb: number; rowsPerS: number; activeS: number | null } | null
  /** Each export file as found now against what the manifest recorded when the job wrote it. */
  exportCheck: ExportFileCheck[]
  /** How the last run went over time, from the event log, for a job not watched live; empty while it runs. */
  stageRowsOverTime: StageRowsPoint[]
}

/**
 * An export file now against the manifest's record: `same` (size and sha256, or size and a
 * modification time no later than the job's end, match), `changed` (size or sha256 differ),
 * `touched` (same size, modified since, too large to hash unasked), `missing`.
 */
export interface ExportFileCheck {
  path: string
  state: 'same' | 'changed' | 'touched' | 'missing'
  recordedBytes: number
  /** Its size now; null when it is missing. */
  bytes: number | null
  /** Whether the sha256 was computed to decide. */
  hashed: boolean
}

/** Rows through a stage (each row once per stage it passed, in partitions whose stage ended) by a time since the run started. */
export interface StageRowsPoint {
  elapsedMs: number
  rowsDone: number
}

/** What Resume would do, from the manifest, checked before anything runs. */
export interface ResumePlan {
  workDir: string
  status: JobStatus
  partitions: number
  /** Finished partitions whose result file is present and matches its size and sha256. */
  verified: number
  /** Partitions that run again: never finished, or whose result failed verification. */
  toRedo: number
  /** Partitions that failed and will be retried. */
  toRetry: number
  /** Partitions that restart from a checkpoint rather than from their input. */
  fromCheckpoint: number
  exportComplete: boolean
  /** What changed since the job was planned (inputs, recipe); empty when it can resume. */
  changes: string[]
}

/** The events that end a run, whichever way it ended. */
export const JOB_END_EVENTS: readonly EventType[] = ['job_complete', 'job_failed', 'job_cancelled']

export function isJobEndEvent(type: EventType): boolean {
  return JOB_END_EVENTS.includes(type)
}
