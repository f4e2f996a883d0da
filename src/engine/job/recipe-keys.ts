import type { ParquetCodec } from '../../shared/recipe'
import { closest } from '../ops/suggest'

/** Data-Juicer keys that mean nothing on one machine: accepted so its recipes run unchanged, and reported. */
const DATA_JUICER_ONLY_KEYS = new Set([
  'executor_type',
  'ray_address',
  'use_cache',
  'ds_cache_dir',
  'cache_compress',
  'use_checkpoint',
  'temp_dir',
  'open_tracer',
  'op_list_to_trace',
  'trace_num',
  'op_fusion',
  'fusion_strategy',
  'suffixes',
  'export_shard_size',
  'export_in_parallel',
  'save_stats_in_one_file',
  'hpo_config',
  'data_probe_algo',
  'data_probe_ratio',
  'image_key',
  'audio_key',
  'video_key',
  'eoc_special_token',
  'image_special_token',
  'audio_special_token',
  'video_special_token',
  'debug',
  'turbo',
  'skip_op_error',
  'auto',
  'auto_num',
  'percentiles',
  'export_original_dataset',
  'enable_fault_tolerance',
  'config',
  'dataset',
  'generated_dataset_config',
  'validators',
  'load_dataset_kwargs',
  'export_type',
  'export_extra_args',
  'export_aws_credentials',
  'ray_partitioned'
])

type Shape = 'string' | 'int' | 'number' | 'bool' | 'strings' | 'stringList' | 'object' | 'list'
interface KeySpec {
  shape: Shape
  choices?: string[]
  min?: number
  children?: Record<string, KeySpec>
  /** Accepted for compatibility, without effect here. */
  ignored?: boolean
}

const CODECS: ParquetCodec[] = ['zstd', 'snappy', 'gzip', 'brotli', 'lz4', 'none']

export const KEYS: Record<string, KeySpec> = {
  project_name: { shape: 'string' },
  dataset_path: { shape: 'strings' },
  export_path: { shape: 'string' },
  work_dir: { shape: 'string' },
  np: { shape: 'int', min: 1 },
  text_keys: { shape: 'strings' },
  process: { shape: 'list' },
  partition_size: { shape: 'int', min: 1 },
  max_partition_size_mb: { shape: 'number', min: 0 },
  max_retries: { shape: 'int', min: 0 },
  retry_backoff_ms: { shape: 'int', min: 0 },
  storage_format: { shape: 'string', choices: ['parquet', 'arrow', 'jsonl'] },
  compression: { shape: 'string', choices: CODECS },
  preserve_intermediate_data: { shape: 'bool' },
  on_bad_record: { shape: 'string', choices: ['skip', 'fail'] },
  keep_stats_in_res_ds: { shape: 'bool' },
  add_suffix: { shape: 'bool' },
  keep_hashes_in_res_ds: { shape: 'bool' },
  performance: {
    shape: 'object',
    children: {
      batch_size: { shape: 'int', min: 1 },
      memory_limit_gb: { shape: 'number', min: 0.1 },
      prefetch_factor: { shape: 'number', ignored: true },
      num_workers: { shape: 'int', ignored: true },
      enable_compression: { shape: 'bool', ignored: true },
      use_arrow_batches: { shape: 'bool', ignored: true },
      arrow_batch_size: { shape: 'int', ignored: true }
    }
  },
  partition: {
    shape: 'object',
    children: {
      mode: { shape: 'string', choices: ['auto', 'manual'] },
      size: { shape: 'int', min: 1 },
      max_size_mb: { shape: 'number', min: 0 }
    }
  },
  checkpoint: {
    shape: 'object',
    children: {
      enabled: { shape: 'bool' },
      strategy: { shape: 'string', choices: ['every_op', 'every_n_ops', 'manual', 'disabled'] },
      n_ops: { shape: 'int', min: 1 },
      op_names: { shape: 'stringList' }
    }
  },
  checkpointing: {
    shape: 'object',
    children: {
      enabled: { shape: 'bool' },
      storage_format: { shape: 'string', choices: ['parquet', 'arrow', 'jsonl'] },
      compression: { shape: 'string', choices: CODECS },
      max_checkpoints_per_partition: { shape: 'int', min: 1 },
      cleanup_old_checkpoints: { shape: 'bool' }
    }
  },
  event_logging: {
    shape: 'object',
    children: {
      enabled: { shape: 'bool' },
      log_level: { shape: 'string', choices: ['DEBUG', 'INFO', 'WARNING', 'ERROR'] },
      max_log_size_mb: { shape: 'number', min: 0 },
      backup_count: { shape: 'int', min: 0 },
      log_to_console: { shape: 'bool', ignored: true },
      log_to_file: { shape: 'bool', ignored: true }
    }
  },
  export: {
    shape: 'object',
    children: {
      format: { shape: 'string', choices: ['parquet', 'jsonl', 'arrow'] },
      compression: { shape: 'string', choices: CODECS },
      max_file_size_mb: { shape: 'number', min: 0 },
      shard_template: { shape: 'string' }
    }
  }
}

export class RecipeProblem {
  constructor(
    readonly path: (string | number)[],
    readonly message: string,
    readonly suggestion?: string
  ) {}
}

export function keyPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
}

function checkShape(spec: KeySpec, value: unknown, path: (string | number)[]): void {
  const fail = (expected: string): never => {
    throw new RecipeProblem(path, `must be ${expected}, got ${JSON.stringify(value)}`)
  }
  switch (spec.shape) {
    case 'string':
      if (typeof value !== 'string' || value === '') fail('a non-empty string')
      break
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail('an integer')
      break
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('a number')
      break
    case 'bool':
      if (typeof value !== 'boolean') fail('true or false')
      break
    case 'strings':
      if (!(typeof value === 'string' && value !== '') && !(Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))) {
        fail('a string or a list of strings')
      }
      break
    case 'list':
      if (!Array.isArray(value)) fail('a list')
      break
    case 'stringList':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail('a list of strings')
      break
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('a mapping of keys')
      break
  }
  if (spec.choices !== undefined && !spec.choices.includes(value as string)) {
    const suggestion = typeof value === 'string' ? closest(value, spec.choices) : undefined
    throw new RecipeProblem(path, `must be one of ${spec.choices.join(', ')}, got ${JSON.stringify(value)}`, suggestion)
  }
  if (spec.min !== undefined && typeof value === 'number' && value < spec.min) {
    throw new RecipeProblem(path, `must be at least ${spec.min}, got ${value}`)
  }
}

export function checkKeys(specs: Record<string, KeySpec>, value: Record<string, unknown>, path: string[], notes: string[], topLevel: boolean): void {
  for (const [key, v] of Object.entries(value)) {
    const spec = specs[key]
    if (spec === undefined) {
      if (topLevel && DATA_JUICER_ONLY_KEYS.has(key)) {
        notes.push(`'${key}' is a Data-Juicer setting with no effect in Sieve; it is kept in the recipe and ignored.`)
        continue
      }
      const suggestion = closest(key, Object.keys(specs))
      throw new RecipeProblem([...path, key], 'is not a recipe key', suggestion)
    }
    if (v === null) continue
    checkShape(spec, v, [...path, key])
    if (spec.ignored === true) notes.push(`'${keyPath([...path, key])}' has no effect in Sieve.`)
    if (spec.children !== undefined) checkKeys(spec.children, v as Record<string, unknown>, [...path, key], notes, false)
  }
}
