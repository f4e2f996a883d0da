import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path'
import { isMap, isNode, LineCounter, parseDocument, stringify, type Document, type Node } from 'yaml'
import { SieveError } from '../../shared/errors'
import { readProcessEntry, type ExportFormat, type ParquetCodec, type Recipe, type RecipeOp } from '../../shared/recipe'
import { getOpDefinition, resolveParams } from '../ops'
import { IGNORED_OP_KWARGS, opContext, type RecipeOpDefaults } from '../ops/common-params'
import { closest } from '../ops/suggest'
import { activateCustomOps, loadCustomOps } from '../ops/custom'
import { fileError } from '../io/fs-errors'
import { numbersShards } from './export-path'
import { checkKeys, ignoredNote, keyPath, RecipeProblem } from './recipe-keys'
import { ignoredParamNotes, rangeModeNotes } from './op-notes'
import { datasetNote, datasetPathsOf } from './recipe-dataset'

/**
 * The most operators one recipe may hold: each partition keeps a count per operator in the
 * manifest and sets up every operator, so thousands of them would cost minutes and gigabytes.
 */
export const MAX_OPERATORS = 256

export const DEFAULT_SHARD_TEMPLATE = 'part-${shard:05}-of-${num_shards:05}'

export interface LoadedRecipe {
  recipe: Recipe
  /** Keys accepted for Data-Juicer compatibility that have no effect here. */
  notes: string[]
  /** The recipe's keys as written, before defaults: an export carries over the Data-Juicer keys Sieve ignores. */
  document: Record<string, unknown>
}

function lineOf(doc: Document, counter: LineCounter, path: (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = (depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true)) as Node | undefined
    const range = node?.range
    if (range !== undefined && range !== null) return counter.linePos(range[0]).line
  }
  return undefined
}

function asList(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : [value as string]
}

/** The recipe's custom_operator_paths, each taken from `baseDir` when relative; none when unset. */
function customPaths(value: unknown, baseDir: string): string[] {
  return value === undefined || value === null ? [] : asList(value).map((p) => resolve(baseDir, p))
}

/**
 * The recipe's operators, each with its parameters checked and then set up once, as a partition
 * will set it up: whatever an operator refuses (a setting Sieve cannot honour, a bad pattern, a
 * missing word list) is refused here, before any work.
 */
function parseProcess(value: unknown[], defaults: RecipeOpDefaults): RecipeOp[] {
  return value.map((raw, i) => {
    const entry = readProcessEntry(raw)
    if ('problem' in entry) {
      if (entry.problem === 'not one operator')
        throw new RecipeProblem(['process', i], 'must be one operator: `- op_name:` followed by its parameters')
      throw new RecipeProblem(['process', i, entry.name], 'parameters must be a mapping (or empty)')
    }
    const { name, params } = entry
    let definition
    try {
      definition = getOpDefinition(name)
    } catch (err) {
      throw new RecipeProblem(['process', i], `names an unknown operator '${name}'`, (err as SieveError).details?.suggestion as string | undefined)
    }
    try {
      const resolved = resolveParams(definition.info, params)
      definition.create(resolved, opContext(resolved, defaults))
      return { name, params: resolved }
    } catch (err) {
      if (!(err instanceof SieveError) || err.code !== 'BAD_REQUEST') throw err
      const param = err.details?.param as string | undefined
      const path = param !== undefined ? ['process', i, name, param] : ['process', i, name]
      throw new RecipeProblem(path, err.message, err.details?.suggestion as string | undefined)
    }
  })
}

/** The common arguments of Data-Juicer's operators that the recipe's operators carry and Sieve ignores, with how many operators carry each. */
function ignoredOpKwargs(process: unknown[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const raw of process) {
    const entry = readProcessEntry(raw)
    if ('problem' in entry) continue
    const declared = new Set(getOpDefinition(entry.name).info.params.map((p) => p.name))
    for (const key of Object.keys(entry.params ?? {})) {
      if (IGNORED_OP_KWARGS.has(key) && !declared.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1)
    }
  }
  return counts
}

/** Data-Juicer's export_type as a format: its `json` is written as JSON lines, as its exporter writes it. */
function exportTypeFormat(exportType: string): ExportFormat {
  return exportType === 'json' ? 'jsonl' : (exportType as ExportFormat)
}

function exportFormatOf(exportPath: string, declared: unknown, exportType: unknown): ExportFormat {
  if (typeof declared === 'string') return declared as ExportFormat
  if (typeof exportType === 'string') return exportTypeFormat(exportType)
  const name = exportPath.toLowerCase().replace(/\.(gz|zst)$/, '')
  const ext = extname(name)
  if (ext === '.jsonl' || ext === '.json') return 'jsonl'
  if (ext === '.arrow' || ext === '.feather') return 'arrow'
  return 'parquet'
}

/** Where a job's work directory goes when the recipe names none: beside its output, named after the project as one folder name. */
export function defaultWorkDir(exportPath: string, projectName: string): string {
  // A name with separators or leading dots (`../../x`) would put the work directory elsewhere.
  const folder = projectName.replace(/[/\\:]/g, '_').replace(/^\.+/, (dots) => '_'.repeat(dots.length))
  return join(dirname(exportPath), `${folder || 'sieve-job'}.sieve-work`)
}

/** A new output for a recipe; a work directory that was only the default follows it. */
export function withExportPath(recipe: Recipe, exportPath: string): void {
  if (recipe.work_dir === defaultWorkDir(recipe.export_path, recipe.project_name)) recipe.work_dir = defaultWorkDir(exportPath, recipe.project_name)
  recipe.export_path = exportPath
}

/** Resolves a recipe object into a complete Recipe; relative paths are taken from `baseDir`. */
/** Whether a suffix_filter keeps rows by their source file's suffix, which only add_suffix gives them. */
function readsSuffixes(process: Recipe['process']): boolean {
  return process.some((op) => op.name === 'suffix_filter' && (op.params.suffixes as string[]).length > 0)
}

/** Data-Juicer leaves add_suffix off unless asked; a recipe whose suffix_filter needs it would then drop every row or fail. */
function suffixNote(raw: Record<string, unknown>, recipe: Recipe): string[] {
  if (raw.add_suffix !== undefined || !recipe.add_suffix) return []
  return [
    "'add_suffix' is on: suffix_filter keeps rows by the suffix of the file each came from, which add_suffix records (set add_suffix: false if the dataset carries its own __dj__suffix__ field)."
  ]
}

/** Data-Juicer's flat keys that a Sieve key sets too, the Sieve key winning; `same` compares values given in different units. */
const OVERRIDDEN: { wins: [string, string]; loses: string; same?: (wins: unknown, loses: unknown) => boolean }[] = [
  { wins: ['export', 'format'], loses: 'export_type', same: (format, type) => format === exportTypeFormat(type as string) },
  { wins: ['export', 'max_file_size_mb'], loses: 'export_shard_size', same: (mb, bytes) => mb === (bytes as number) / (1 << 20) },
  { wins: ['partition', 'size'], loses: 'partition_size' },
  { wins: ['partition', 'max_size_mb'], loses: 'max_partition_size_mb' },
  { wins: ['checkpointing', 'storage_format'], loses: 'storage_format' },
  { wins: ['checkpointing', 'compression'], loses: 'compression' }
]

/** A setting given twice with different values is taken from one key: which one is said, so the other is not thought in force. */
function overriddenNotes(raw: Record<string, unknown>): string[] {
  return OVERRIDDEN.flatMap(({ wins: [section, key], loses, same = (a, b) => a === b }) => {
    const winner = (raw[section] as Record<string, unknown> | null | undefined)?.[key]
    const loser = raw[loses]
    if (winner === undefined || winner === null || loser === undefined || loser === null || same(winner, loser)) return []
    return [
      `'${section}.${key}: ${String(winner)}' and '${loses}: ${String(loser)}' disagree: ${section}.${key} wins, so ${loses} has no effect (remove one of them).`
    ]
  })
}

/**
 * Refuses a relative dataset path that is missing from the recipe's folder but present from the
 * current directory: Data-Juicer takes relative paths from there, Sieve from the recipe's folder.
 */
function checkRelativeDatasetPaths(value: unknown, baseDir: string): void {
  for (const [i, path] of asList(value).entries()) {
    if (typeof path !== 'string' || isAbsolute(path)) continue
    const fromRecipe = resolve(baseDir, path)
    const fromCwd = resolve(path)
    if (fromRecipe === fromCwd || existsSync(fromRecipe) || !existsSync(fromCwd)) continue
    throw new RecipeProblem(
      Array.isArray(value) ? ['dataset_path', i] : ['dataset_path'],
      `names no file: there is none at ${fromRecipe} (relative paths are taken from the recipe's folder, ${baseDir}, where Data-Juicer takes them from the current directory); from the current directory it would be ${fromCwd}: write that path (absolute, or relative to the recipe: ${relative(baseDir, fromCwd)})`
    )
  }
}

function resolveRecipe(raw: Record<string, unknown>, baseDir: string, defaultName: string): Recipe {
  const at = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p))
  const datasetPaths = datasetPathsOf(raw, at)
  if (raw.export_path === undefined || raw.export_path === null) throw new RecipeProblem(['export_path'], 'is required: where the result is written')
  checkRelativeDatasetPaths(raw.dataset_path, baseDir)
  if (!Array.isArray(raw.process) || raw.process.length === 0) throw new RecipeProblem(['process'], 'is required: a list of at least one operator')
  if (raw.process.length > MAX_OPERATORS) {
    throw new RecipeProblem(
      ['process'],
      `has ${raw.process.length} operators; Sieve runs at most ${MAX_OPERATORS} in one recipe. Split the work into several recipes, each reading the export of the one before`
    )
  }
  const obj = (k: string): Record<string, unknown> => (raw[k] ?? {}) as Record<string, unknown>
  const checkpoint = obj('checkpoint')
  const checkpointing = obj('checkpointing')
  const partition = obj('partition')
  const logging = obj('event_logging')
  const exp = obj('export')
  const performance = obj('performance')
  const projectName = (raw.project_name as string | undefined) ?? defaultName
  const exportPath = at(raw.export_path as string)
  const textKeys = asList(raw.text_keys ?? 'text')
  const skipOpError = (raw.skip_op_error as boolean | undefined) ?? true
  const customOperatorPaths = customPaths(raw.custom_operator_paths, baseDir)
  // Its custom operators were loaded by readRecipe; another recipe's are no longer visible.
  activateCustomOps(customOperatorPaths)
  const process = parseProcess(raw.process, { textKey: textKeys[0]!, skipOpError })
  // Data-Juicer's use_checkpoint: false turns checkpoints off, unless Sieve's own keys say otherwise.
  const strategy =
    (checkpoint.strategy as Recipe['checkpoint']['strategy'] | undefined) ??
    (checkpoint.enabled === false || checkpointing.enabled === false || (checkpoint.enabled !== true && raw.use_checkpoint === false)
      ? 'disabled'
      : 'every_op')
  const opNames = (checkpoint.op_names as string[] | undefined) ?? []
  const traced = (raw.op_list_to_trace as string[] | undefined) ?? []
  for (const [key, names] of [
    [['checkpoint', 'op_names'], opNames],
    [['op_list_to_trace'], traced]
  ] as const) {
    for (const [i, name] of names.entries()) {
      if (!process.some((op) => op.name === name)) {
        throw new RecipeProblem(
          [...key, i],
          `names '${name}', which is not in process`,
          closest(
            name,
            process.map((p) => p.name)
          )
        )
      }
    }
  }
  const exportFormat = exportFormatOf(exportPath, exp.format, raw.export_type)
  // Data-Juicer's export_shard_size is in bytes; 0 is one file.
  const shardBytes = (raw.export_shard_size as number | undefined) ?? 0
  const shardTemplate = (exp.shard_template as string | undefined) ?? DEFAULT_SHARD_TEMPLATE
  const maxFileSizeMb = (exp.max_file_size_mb as number | undefined) ?? shardBytes / (1 << 20)
  if (maxFileSizeMb > 0 && !numbersShards(shardTemplate)) {
    throw new RecipeProblem(
      ['export', 'shard_template'],
      'must contain ${shard} (e.g. part-${shard:05}-of-${num_shards:05}): with max_file_size_mb set, the export is split and every shard needs its own name'
    )
  }
  return {
    project_name: projectName,
    dataset_path: datasetPaths.map(at),
    export_path: exportPath,
    work_dir: raw.work_dir !== undefined && raw.work_dir !== null ? at(raw.work_dir as string) : defaultWorkDir(exportPath, projectName),
    np: (raw.np as number | undefined) ?? Math.max(1, availableParallelism() - 1),
    text_keys: textKeys,
    process,
    partition_size: (partition.size as number | undefined) ?? (raw.partition_size as number | undefined) ?? 10_000,
    // A size given alongside auto is a starting value only: the job chooses.
    partition_auto: partition.mode === 'auto',
    max_partition_size_mb: (partition.max_size_mb as number | undefined) ?? (raw.max_partition_size_mb as number | undefined) ?? 128,
    max_retries: (raw.max_retries as number | undefined) ?? 3,
    retry_backoff_ms: (raw.retry_backoff_ms as number | undefined) ?? 500,
    on_bad_record: (raw.on_bad_record as 'skip' | 'fail' | undefined) ?? 'skip',
    preserve_intermediate_data: (raw.preserve_intermediate_data as boolean | undefined) ?? false,
    keep_stats_in_res_ds: (raw.keep_stats_in_res_ds as boolean | undefined) ?? false,
    add_suffix: (raw.add_suffix as boolean | undefined) ?? readsSuffixes(process),
    suffixes: raw.suffixes === undefined || raw.suffixes === null ? [] : asList(raw.suffixes),
    skip_op_error: skipOpError,
    open_tracer: (raw.open_tracer as boolean | undefined) ?? false,
    trace_num: (raw.trace_num as number | undefined) ?? 10,
    op_list_to_trace: traced,
    custom_operator_paths: customOperatorPaths,
    keep_hashes_in_res_ds: (raw.keep_hashes_in_res_ds as boolean | undefined) ?? false,
    performance: {
      batch_size: (performance.batch_size as number | undefined) ?? 4096,
      memory_limit_gb: (performance.memory_limit_gb as number | undefined) ?? 4
    },
    checkpoint: {
      enabled: strategy !== 'disabled',
      strategy,
      n_ops: (checkpoint.n_ops as number | undefined) ?? 1,
      op_names: opNames,
      storage_format:
        (checkpointing.storage_format as Recipe['checkpoint']['storage_format'] | undefined) ??
        (raw.storage_format as Recipe['checkpoint']['storage_format'] | undefined) ??
        'parquet',
      compression: (checkpointing.compression as ParquetCodec | undefined) ?? (raw.compression as ParquetCodec | undefined) ?? 'snappy',
      max_checkpoints_per_partition: (checkpointing.max_checkpoints_per_partition as number | undefined) ?? 10,
      cleanup_old_checkpoints: (checkpointing.cleanup_old_checkpoints as boolean | undefined) ?? true
    },
    event_logging: {
      enabled: (logging.enabled as boolean | undefined) ?? true,
      log_level: (logging.log_level as Recipe['event_logging']['log_level'] | undefined) ?? 'INFO',
      max_log_size_mb: (logging.max_log_size_mb as number | undefined) ?? 100,
      backup_count: (logging.backup_count as number | undefined) ?? 5
    },
    export: {
      format: exportFormat,
      compression: (exp.compression as ParquetCodec | undefined) ?? (exportFormat === 'parquet' ? 'zstd' : 'none'),
      max_file_size_mb: maxFileSizeMb,
      shard_template: shardTemplate
    }
  }
}

/** Parses and validates recipe YAML. Every problem names its key path and line, and suggests the closest valid name. */
/** A job with no project_name is named after its recipe file (`tweets-clean` for tweets-clean.yaml), or this when it has none. */
export const DEFAULT_PROJECT_NAME = 'sieve-job'

/** The name a recipe file gives a job that has no project_name: the file's name without .yaml. */
export function recipeFileName(path: string): string {
  return basename(path).replace(/\.ya?ml$/i, '') || DEFAULT_PROJECT_NAME
}

export function parseRecipe(text: string, baseDir: string, source = 'recipe', defaultName = DEFAULT_PROJECT_NAME): LoadedRecipe {
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!
    const line = counter.linePos(e.pos[0]).line
    throw new SieveError('BAD_REQUEST', `${source}, line ${line}: not valid YAML: ${e.message.split('\n')[0]}`, { line })
  }
  let raw: unknown
  try {
    raw = doc.toJS()
  } catch (err) {
    // yaml refuses aliases that expand past its limit (a "billion laughs" recipe) with a ReferenceError.
    if (!(err instanceof ReferenceError)) throw err
    throw new SieveError(
      'BAD_REQUEST',
      `${source}: its YAML aliases (*name) expand to too many values. Write the values out, or use fewer aliases.`,
      { reason: err.message }
    )
  }
  try {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !isMap(doc.contents)) {
      throw new RecipeProblem([], 'must be a mapping of recipe keys (project_name, dataset_path, process, …)')
    }
    const ignored = checkKeys(raw as Record<string, unknown>)
    const recipe = resolveRecipe(raw as Record<string, unknown>, baseDir, defaultName)
    const process = (raw as { process: unknown[] }).process
    const notes = [
      ...ignoredNote(ignored, ignoredOpKwargs(process)),
      ...ignoredParamNotes(process),
      ...rangeModeNotes(process),
      ...suffixNote(raw as Record<string, unknown>, recipe),
      ...datasetNote(raw as Record<string, unknown>),
      ...overriddenNotes(raw as Record<string, unknown>)
    ]
    return { recipe, notes, document: raw as Record<string, unknown> }
  } catch (err) {
    if (!(err instanceof RecipeProblem)) throw err
    const line = lineOf(doc, counter, err.path)
    const where = err.path.length > 0 ? `'${keyPath(err.path)}'` : 'the recipe'
    const hint = err.suggestion !== undefined && !err.message.includes('Did you mean') ? ` Did you mean '${err.suggestion}'?` : ''
    const lineText = line !== undefined ? `, line ${line}` : ''
    // One full stop after the message, which may end in one; a path's `..` stays as written.
    throw new SieveError('BAD_REQUEST', `${source}${lineText}: ${where} ${err.message.replace(/\.$/, '')}.${hint}`, {
      keyPath: keyPath(err.path),
      ...(line !== undefined ? { line } : {}),
      ...(err.suggestion !== undefined ? { suggestion: err.suggestion } : {})
    })
  }
}

/**
 * Parses and validates recipe YAML after loading the custom operators it names (a module is
 * imported, which parseRecipe cannot wait for): a broken module is refused here, naming its file.
 */
export async function readRecipe(text: string, baseDir: string, source = 'recipe', defaultName = DEFAULT_PROJECT_NAME): Promise<LoadedRecipe> {
  const paths = customPathsIn(text, baseDir)
  if (paths.length > 0) {
    try {
      await loadCustomOps(paths)
    } catch (err) {
      if (!(err instanceof SieveError)) throw err
      throw new SieveError(err.code, `${source}: ${err.message}`, err.details)
    }
  }
  return parseRecipe(text, baseDir, source, defaultName)
}

/** The custom_operator_paths of recipe YAML; none when it has none or is not valid YAML, which parseRecipe then reports. */
function customPathsIn(text: string, baseDir: string): string[] {
  const doc = parseDocument(text, { uniqueKeys: false })
  if (doc.errors.length > 0 || !isMap(doc.contents)) return []
  const node = doc.contents.get('custom_operator_paths', true)
  const value: unknown = isNode(node) ? node.toJSON() : node
  const valid = typeof value === 'string' || (Array.isArray(value) && value.every((p) => typeof p === 'string'))
  return valid ? customPaths(value, baseDir) : []
}

export async function loadRecipe(path: string): Promise<LoadedRecipe> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw fileError(err, path)
  }
  return readRecipe(text, dirname(resolve(path)), path, recipeFileName(path))
}

/** The recipe as run, in Data-Juicer's form with Sieve's keys beside it: recipe.yaml of a work directory. */
export function recipeToYaml(recipe: Recipe): string {
  const { process, dataset_path, checkpoint, partition_auto, ...rest } = recipe
  const { storage_format, compression, max_checkpoints_per_partition, cleanup_old_checkpoints, ...strategy } = checkpoint
  return stringify({
    ...rest,
    ...(partition_auto ? { partition: { mode: 'auto' } } : {}),
    dataset_path: dataset_path.length === 1 ? dataset_path[0] : dataset_path,
    checkpoint: strategy,
    checkpointing: { enabled: strategy.enabled, storage_format, compression, max_checkpoints_per_partition, cleanup_old_checkpoints },
    // A parameter left at "no value" (Python None) is left out, so its default applies.
    process: process.map((op) => ({ [op.name]: Object.fromEntries(Object.entries(op.params).filter(([, v]) => v !== null)) }))
  })
}
