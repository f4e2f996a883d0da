import type { OpParams } from './ops'

export type CheckpointStrategy = 'every_op' | 'every_n_ops' | 'manual' | 'disabled'
export type StorageFormat = 'parquet' | 'arrow' | 'jsonl'
export type ParquetCodec = 'zstd' | 'snappy' | 'gzip' | 'brotli' | 'lz4' | 'none'
export type ExportFormat = 'parquet' | 'jsonl' | 'arrow'
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR'

export interface RecipeOp {
  name: string
  params: OpParams
  /** The model files the operator needs, by name, at their paths in the model store: found when a job starts, never written to recipe.yaml. */
  models?: Record<string, string>
}

/** A recipe with every default filled in: what a job runs and what recipe.yaml in its work directory records. */
export interface Recipe {
  project_name: string
  dataset_path: string[]
  export_path: string
  work_dir: string
  np: number
  text_keys: string[]
  process: RecipeOp[]
  partition_size: number
  /** `partition: {mode: auto}`: the job chooses partition_size from a sample of the dataset when it is planned. */
  partition_auto: boolean
  max_partition_size_mb: number
  max_retries: number
  retry_backoff_ms: number
  on_bad_record: 'skip' | 'fail'
  preserve_intermediate_data: boolean
  /** Data-Juicer drops its stats and hash columns from the export unless these are set. */
  keep_stats_in_res_ds: boolean
  keep_hashes_in_res_ds: boolean
  /** Adds each row's source file suffix (e.g. `.jsonl`) as `__dj__suffix__`, as Data-Juicer does. */
  add_suffix: boolean
  /** Only the dataset files whose names end so are read (Data-Juicer's `suffixes`); empty: every dataset file. */
  suffixes: string[]
  /** A row that makes an operator throw becomes a bad record instead of failing its partition; an operator's own `skip_op_error` overrides it. */
  skip_op_error: boolean
  /** Keeps, per partition, up to `trace_num` rows each operator changed or dropped, in the work directory's trace/ (Data-Juicer's tracer). */
  open_tracer: boolean
  trace_num: number
  /** The operators traced; empty: all of them. */
  op_list_to_trace: string[]
  /** Data-Juicer's custom_operator_paths: JavaScript modules (or folders of them) that define more operators (ops/custom.ts). */
  custom_operator_paths: string[]
  performance: {
    /** Rows per record batch inside a worker. */
    batch_size: number
    /** Heap limit of each worker thread; a worker over it fails only its partition. */
    memory_limit_gb: number
  }
  checkpoint: {
    enabled: boolean
    strategy: CheckpointStrategy
    n_ops: number
    op_names: string[]
    storage_format: StorageFormat
    compression: ParquetCodec
    max_checkpoints_per_partition: number
    cleanup_old_checkpoints: boolean
  }
  event_logging: {
    enabled: boolean
    log_level: LogLevel
    max_log_size_mb: number
    backup_count: number
  }
  export: {
    format: ExportFormat
    compression: ParquetCodec
    max_file_size_mb: number
    shard_template: string
  }
}

/** A `process` entry as written: `- name`, `- name:` (no parameters) or `- name: {param: value}`. */
export type ProcessEntry =
  { name: string; params: Record<string, unknown> | null } | { problem: 'not one operator' } | { problem: 'parameters not a mapping'; name: string }

/** Reads one `process` entry; the recipe checker and the recipe editor both read entries through it. */
export function readProcessEntry(entry: unknown): ProcessEntry {
  if (typeof entry === 'string') return { name: entry, params: {} }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry) || Object.keys(entry).length !== 1) return { problem: 'not one operator' }
  const [name, params] = Object.entries(entry)[0]!
  if (params !== null && (typeof params !== 'object' || Array.isArray(params))) return { problem: 'parameters not a mapping', name }
  return { name, params: (params ?? {}) as Record<string, unknown> }
}
