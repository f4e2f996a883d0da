import type { ParquetCodec, Recipe, RecipeOp, StorageFormat } from '../shared/recipe'
import type { PublishedFile } from './io/publish'
import type { SourceInput, SourceSlice } from './io/read-slice'
import type { DropSlice } from './dedup/decision-file'

/**
 * The inputs and outputs of the tasks a worker runs, as plain types: the worker protocol and
 * the modules that run the tasks both import them from here, so neither depends on the other.
 */

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
  /**
   * A deduplicator's boundary: the sorted runs of its rows' keys (dedup/key-runs.ts), which the
   * global decision merges. Part of the checkpoint: verified, kept and removed with it.
   */
  keys?: FileRecord
}

/** One filter's outcome in one partition (analysis/outcome-partial.ts): replaced whenever the filter runs on the partition again. */
export interface OutcomeRecord extends FileRecord {
  op_index: number
  op_name: string
}

export interface OpCount {
  name: string
  rows_in: number
  rows_out: number
  millis: number
  text_bytes: number
}

export interface DedupRecord extends FileRecord {
  op_index: number
  dropped: number
}

export interface Stage {
  first: number
  last: number
  dedup: number | null
}

export type StageStart =
  | { kind: 'source' }
  | {
      kind: 'checkpoint'
      checkpoint: CheckpointRecord
      /** A delta checkpoint's bases, oldest (a full checkpoint) first; empty for a full one. */
      bases: CheckpointRecord[]
      /** Drop these rows first: this partition's part of a dedup decision. */
      drop?: DropSlice
    }

export interface PartitionTaskInput {
  workDir: string
  partition: number
  source: SourceInput
  slice: SourceSlice
  schema: string
  textKeys: string[]
  ops: RecipeOp[]
  /** The recipe's custom_operator_paths: the thread loads these modules before it sets up the operators. */
  customOperatorPaths: string[]
  stage: Stage
  isFinalStage: boolean
  start: StageStart
  checkpoint: Recipe['checkpoint']
  onBadRecord: Recipe['on_bad_record']
  preserveIntermediate: boolean
  /** Publish each filter's outcome (what it kept and dropped); off for a job whose manifest predates them. */
  outcomes: boolean
  batchRows: number
  /** Fill `__dj__suffix__` with the source file's suffix (Data-Juicer's add_suffix). */
  addSuffix: boolean
  /** The recipe's skip_op_error, for operators that do not set their own. */
  skipOpError: boolean
  /** Data-Juicer's tracer: the operators traced (empty: all) and the rows kept per operator and partition; null: off. */
  trace: { ops: string[]; num: number } | null
  /**
   * The result is written export-shaped: without the stats and hash columns unless the recipe
   * keeps them, in the export's codec, so a Parquet export copies its row groups unchanged.
   */
  result: { codec: ParquetCodec; keepStats: boolean; keepHashes: boolean }
}

/** The files of a partition besides its checkpoints and result: bad input records, rows a filter dropped, rows an operator failed on, traces. */
export type PublishedKind = 'errors' | 'rejected' | 'op_errors' | 'trace'

export type PartitionMessage =
  | { type: 'read'; rows: number; badRecords: number }
  | { type: 'progress'; opIndex: number; rows: number }
  | { type: 'checkpoint'; record: CheckpointRecord; ops: Record<string, OpCount> }
  | { type: 'published'; kind: PublishedKind; record: FileRecord }
  | { type: 'outcome'; record: OutcomeRecord }
  | { type: 'op_start'; opIndex: number; name: string; rows: number }
  | { type: 'op'; opIndex: number; count: OpCount }

export interface PartitionTaskOutput {
  result?: FileRecord
  boundary?: CheckpointRecord
  rowsRead: number
  badRecords: number
  ops: Record<string, OpCount>
}

export interface DedupTaskInput {
  workDir: string
  opIndex: number
  op: RecipeOp
  textKey: string
  /** The boundary checkpoint of every partition, in partition order. */
  boundaries: { partition: number; checkpoint: CheckpointRecord }[]
  /** Bytes the decision may hold, its union-find of colliding rows included; past it, it spills to temp/. */
  budgetBytes: number
}

export interface ExportTaskInput {
  workDir: string
  exportPath: string
  export: Recipe['export']
  /** Result files, in partition order, already export-shaped (columns and codec). */
  results: FileRecord[]
  /** Files of this job's earlier export: they may be replaced. */
  earlier: string[]
  /** Replace existing files that are not this job's (--force), and remove stale shards of the template. */
  overwrite: boolean
}

export interface PreviewInput {
  path: string
  textKey: string
  process: { name: string; params: Record<string, unknown> | null }[]
  rows: number
  /** Modules defining the custom operators `process` may name (custom_operator_paths, absolute). */
  customOperatorPaths?: string[]
  /** The model store operators load their models from (default: SIEVE_HOME's). */
  modelDir?: string
}
