import { z } from 'zod'
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

/** What a failing value must be, said the way every recipe problem says it: "must be …, got …". */
function mustBe(what: string): { error: (issue: { input?: unknown }) => string } {
  return { error: (issue) => `must be ${what}, got ${JSON.stringify(issue.input)}` }
}

const text = z.string(mustBe('a non-empty string')).min(1, mustBe('a non-empty string'))
const bool = z.boolean(mustBe('true or false'))
const list = z.array(z.unknown(), mustBe('a list'))
const stringList = list.refine((values) => values.every((v) => typeof v === 'string'), mustBe('a list of strings'))
const textOrTexts = z.union(
  [
    text,
    z
      .array(z.unknown(), mustBe('a string or a list of strings'))
      .refine((v) => v.length > 0 && v.every((s) => typeof s === 'string'), mustBe('a string or a list of strings'))
  ],
  mustBe('a string or a list of strings')
)

function atLeast<T extends z.ZodType<number>>(schema: T, min: number | undefined): T {
  if (min === undefined) return schema
  return schema.refine((v) => v >= min, { error: (issue) => `must be at least ${min}, got ${String(issue.input)}` }) as unknown as T
}
const int = (min?: number): z.ZodType<number> => atLeast(z.number(mustBe('an integer')).refine(Number.isInteger, mustBe('an integer')), min)
const number = (min?: number): z.ZodType<number> => atLeast(z.number(mustBe('a number')), min)

/** One of `choices`; the problem carries them so the nearest one can be suggested. */
const oneOf = (choices: readonly string[]): z.ZodType<string> =>
  text.refine((v) => choices.includes(v), { ...mustBe(`one of ${choices.join(', ')}`), params: { choices } })

/** A mapping of the given keys; any other key is a problem. Every key may be left out or null (its default). */
function section(shape: Record<string, z.ZodType>): z.ZodType {
  const keys = Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, schema.nullish()]))
  return z.strictObject(keys, mustBe('a mapping of keys'))
}

const CODECS: ParquetCodec[] = ['zstd', 'snappy', 'gzip', 'brotli', 'lz4', 'none']
const STORAGE_FORMATS = ['parquet', 'arrow', 'jsonl']

/** Every recipe key Sieve reads, with its type and range; parsing the recipe applies the defaults. */
const SECTIONS = {
  performance: {
    batch_size: int(1),
    memory_limit_gb: number(0.1),
    prefetch_factor: number(),
    num_workers: int(),
    enable_compression: bool,
    use_arrow_batches: bool,
    arrow_batch_size: int()
  },
  partition: { mode: oneOf(['auto', 'manual']), size: int(1), max_size_mb: number(0) },
  checkpoint: {
    enabled: bool,
    strategy: oneOf(['every_op', 'every_n_ops', 'manual', 'disabled']),
    n_ops: int(1),
    op_names: stringList
  },
  checkpointing: {
    enabled: bool,
    storage_format: oneOf(STORAGE_FORMATS),
    compression: oneOf(CODECS),
    max_checkpoints_per_partition: int(1),
    cleanup_old_checkpoints: bool
  },
  event_logging: {
    enabled: bool,
    log_level: oneOf(['DEBUG', 'INFO', 'WARNING', 'ERROR']),
    max_log_size_mb: number(0),
    backup_count: int(0),
    log_to_console: bool,
    log_to_file: bool
  },
  export: { format: oneOf(['parquet', 'jsonl', 'arrow']), compression: oneOf(CODECS), max_file_size_mb: number(0), shard_template: text }
} satisfies Record<string, Record<string, z.ZodType>>

const TOP_LEVEL: Record<string, z.ZodType> = {
  project_name: text,
  dataset_path: textOrTexts,
  export_path: text,
  work_dir: text,
  np: int(1),
  text_keys: textOrTexts,
  process: list,
  partition_size: int(1),
  max_partition_size_mb: number(0),
  max_retries: int(0),
  retry_backoff_ms: int(0),
  storage_format: oneOf(STORAGE_FORMATS),
  compression: oneOf(CODECS),
  preserve_intermediate_data: bool,
  on_bad_record: oneOf(['skip', 'fail']),
  keep_stats_in_res_ds: bool,
  add_suffix: bool,
  keep_hashes_in_res_ds: bool,
  ...Object.fromEntries(Object.entries(SECTIONS).map(([key, shape]) => [key, section(shape)]))
}

const RECIPE = section(TOP_LEVEL)

/** Keys accepted so Data-Juicer recipes run unchanged, with no effect on one machine. */
const WITHOUT_EFFECT = new Set([
  'performance.prefetch_factor',
  'performance.num_workers',
  'performance.enable_compression',
  'performance.use_arrow_batches',
  'performance.arrow_batch_size',
  'event_logging.log_to_console',
  'event_logging.log_to_file'
])

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

/** The keys a mapping at `path` may hold, for suggesting the nearest to a misspelt one. */
function keysAt(path: PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(TOP_LEVEL)
  return Object.keys(SECTIONS[path[0] as keyof typeof SECTIONS] ?? {})
}

/** Where a problem sits in the recipe as written: problems are reported in document order, the first one first. */
function documentOrder(raw: Record<string, unknown>, path: PropertyKey[]): number[] {
  const order: number[] = []
  let node: unknown = raw
  for (const key of path) {
    const keys = node !== null && typeof node === 'object' ? Object.keys(node) : []
    order.push(keys.indexOf(String(key)))
    node = (node as Record<string, unknown> | undefined)?.[String(key)]
  }
  return order
}

function compareOrder(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

function problemOf(issue: z.core.$ZodIssue, raw: Record<string, unknown>): RecipeProblem & { order: number[] } {
  const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)))
  let problem: RecipeProblem
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!
    problem = new RecipeProblem([...path, key], 'is not a recipe key', closest(key, keysAt(path)))
  } else {
    const choices = (issue as { params?: { choices?: string[] } }).params?.choices
    const value = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], raw)
    problem = new RecipeProblem(path, issue.message, choices !== undefined && typeof value === 'string' ? closest(value, choices) : undefined)
  }
  return Object.assign(problem, { order: documentOrder(raw, problem.path) })
}

/**
 * Checks the recipe's keys against their declaration and throws the first problem as written;
 * returns notes on keys that are accepted but have no effect here.
 */
export function checkKeys(raw: Record<string, unknown>): string[] {
  const notes: string[] = []
  const known: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in TOP_LEVEL) && DATA_JUICER_ONLY_KEYS.has(key)) {
      notes.push(`'${key}' is a Data-Juicer setting with no effect in Sieve; it is kept in the recipe and ignored.`)
    } else {
      known[key] = value
      const children = value !== null && typeof value === 'object' && key in SECTIONS ? Object.entries(value) : []
      for (const [child, v] of children) {
        if (v !== null && WITHOUT_EFFECT.has(`${key}.${child}`)) notes.push(`'${key}.${child}' has no effect in Sieve.`)
      }
    }
  }
  const checked = RECIPE.safeParse(known)
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => problemOf(issue, raw))
    throw problems.sort((a, b) => compareOrder(a.order, b.order))[0]!
  }
  return notes
}
