import { z } from 'zod'
import type { ParquetCodec } from '../../shared/recipe'
import { closest } from '../ops/suggest'

/**
 * Data-Juicer's top-level keys (config_all.yaml, and its partitioned executor's) that mean nothing
 * on one machine: accepted so its recipes run unchanged, and reported as ignored. The keys it has
 * that mean something here are declared in TOP_LEVEL and honoured.
 */
const IGNORED_KEYS = new Set([
  'validators',
  'export_in_parallel',
  'export_extra_args',
  'export_aws_credentials',
  'turbo',
  'use_cache',
  'ds_cache_dir',
  'open_monitor',
  'temp_dir',
  'op_fusion',
  'fusion_strategy',
  'cache_compress',
  'adaptive_batch_size',
  'image_key',
  'image_bytes_key',
  'image_special_token',
  'audio_key',
  'audio_special_token',
  'video_key',
  'video_special_token',
  'eoc_special_token',
  'executor_type',
  'ray_address',
  'ray_partitioned',
  'percentiles',
  'export_original_dataset',
  'save_stats_in_one_file',
  'data_probe_algo',
  'data_probe_ratio',
  'hpo_config',
  'notification',
  'annotation',
  'debug',
  'auto',
  'auto_num',
  'enable_fault_tolerance',
  'config',
  'generated_dataset_config',
  'load_dataset_kwargs'
])

/** What a failing value must be, said the way every recipe problem says it: "must be …, got …". */
function mustBe(what: string): { error: (issue: { input?: unknown }) => string } {
  return { error: (issue) => `must be ${what}, got ${JSON.stringify(issue.input)}` }
}

const text = z.string(mustBe('a non-empty string')).min(1, mustBe('a non-empty string'))
const bool = z.boolean(mustBe('true or false'))
const list = z.array(z.unknown(), mustBe('a list'))
const stringList = list.refine((values) => values.every((v) => typeof v === 'string'), mustBe('a list of strings'))
/** Data-Juicer takes a lone string where it takes a list of them (`suffixes: .jsonl`). */
const stringOrList = z.union([z.string(), z.array(z.string())], mustBe('a string or a list of strings'))
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
  // Data-Juicer's own keys that mean something on one machine.
  export_type: oneOf(['jsonl', 'json', 'parquet', 'arrow']),
  export_shard_size: int(0),
  suffixes: stringOrList,
  skip_op_error: bool,
  open_tracer: bool,
  trace_num: int(1),
  op_list_to_trace: stringList,
  use_checkpoint: bool,
  custom_operator_paths: stringOrList,
  dataset: z.strictObject({
    configs: z
      .array(z.looseObject({ type: text, path: text, weight: number(0).optional() }), mustBe('a list of dataset configs'))
      .min(1, mustBe('a non-empty list of dataset configs')),
    max_sample_num: int(1).optional()
  }),
  ...Object.fromEntries(Object.entries(SECTIONS).map(([key, shape]) => [key, section(shape)]))
}

const RECIPE = section(TOP_LEVEL)

/** Keys of Sieve's sections accepted so Data-Juicer recipes run unchanged, with no effect on one machine. */
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
  if (path.length === 0) return [...Object.keys(TOP_LEVEL), ...IGNORED_KEYS]
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
 * returns the keys that are accepted but ignored here, by their key path.
 */
export function checkKeys(raw: Record<string, unknown>): string[] {
  const ignored: string[] = []
  const known: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in TOP_LEVEL) && IGNORED_KEYS.has(key)) ignored.push(key)
    else {
      known[key] = value
      const children = value !== null && typeof value === 'object' && key in SECTIONS ? Object.entries(value) : []
      for (const [child, v] of children) if (v !== null && WITHOUT_EFFECT.has(`${key}.${child}`)) ignored.push(`${key}.${child}`)
    }
  }
  const checked = RECIPE.safeParse(known)
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => problemOf(issue, raw))
    throw problems.sort((a, b) => compareOrder(a.order, b.order))[0]!
  }
  return ignored
}

/**
 * The one note on everything a recipe sets that Sieve ignores, each key named once: an operator
 * argument several operators carry is one name, with how many carry it.
 */
export function ignoredNote(keys: readonly string[], opKwargs: ReadonlyMap<string, number>): string[] {
  const names = [...keys, ...[...opKwargs].map(([name, ops]) => `${name} (operator argument, on ${ops} operator${ops === 1 ? '' : 's'})`)]
  if (names.length === 0) return []
  return [`Ignored, as they mean nothing on one machine (Data-Juicer settings kept in the recipe): ${names.join(', ')}.`]
}
