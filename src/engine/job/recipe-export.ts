import { stringify } from 'yaml'
import { readProcessEntry, type Recipe } from '../../shared/recipe'
import type { LoadedRecipe } from './recipe'
import { listOps } from '../ops'
import { DATA_JUICER_COMMON_OP_KWARGS, DATA_JUICER_TOP_LEVEL_KEYS, dataJuicerParams } from './data-juicer-keys'

export type RecipeTarget = 'data-juicer' | 'ray'

export interface ExportedRecipe {
  yaml: string
  /** What the reader must know before running it there: what was changed or left out, and why. */
  warnings: string[]
}

/** Data-Juicer's Ray executor runs its Ray deduplicators across the cluster. Their parameters have the same names. */
const RAY_DEDUPLICATORS: Readonly<Record<string, string>> = {
  document_deduplicator: 'ray_document_deduplicator',
  document_minhash_deduplicator: 'ray_bts_minhash_deduplicator'
}

/** Parameters as Data-Juicer reads them: "no value" (None) is left out so its default applies. */
function setParams(params: Recipe['process'][number]['params']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== null))
}

/** Data-Juicer's own keys for what Sieve honours of them, where they differ from its defaults. */
function dataJuicerSettings(recipe: Recipe): Record<string, unknown> {
  return {
    ...(recipe.suffixes.length > 0 ? { suffixes: recipe.suffixes } : {}),
    ...(!recipe.skip_op_error ? { skip_op_error: false } : {}),
    ...(recipe.open_tracer ? { open_tracer: true, trace_num: recipe.trace_num } : {}),
    ...(recipe.op_list_to_trace.length > 0 ? { op_list_to_trace: recipe.op_list_to_trace } : {}),
    ...(recipe.export.max_file_size_mb > 0 ? { export_shard_size: Math.round(recipe.export.max_file_size_mb * (1 << 20)) } : {})
  }
}

/** Parameters that hold a file or folder of this machine, by the names Data-Juicer gives them. */
const PATH_PARAM = /(_dir|_path|_model|_file|_name)$/

/**
 * What Data-Juicer's Ray executor does with an operator it has no Ray form of (ray_dataset.py):
 * a local deduplicator is handed the whole Ray dataset, which its run() wraps as a Hugging Face
 * dataset and fails on; any other kind is refused. Either way the executor exits there.
 */
function rayRefusal(name: string, kind: string | undefined): string | undefined {
  const stops = 'so the job stops at this operator (exit status 1) and exports nothing'
  if (kind === 'deduplicator' && !name.startsWith('ray_')) {
    return `${name} has no Ray counterpart in Data-Juicer, and its Ray executor hands a local deduplicator the whole Ray dataset, which the operator cannot take (it expects a Hugging Face dataset), ${stops}. Remove it, or for near-duplicates use document_minhash_deduplicator (exported as ray_bts_minhash_deduplicator).`
  }
  if (kind === 'selector') {
    return `${name} is a selector, and Data-Juicer's Ray executor runs only mappers, filters and deduplicators, ${stops}. Remove it, or export with --to data-juicer.`
  }
  return undefined
}

/**
 * The recipe's process for the target: Sieve's parameters Data-Juicer knows, and the operator's
 * Data-Juicer arguments Sieve ignores (num_proc, accelerator, mem_required, …) as written. For
 * Ray, ray_* deduplicators, and only operators Data-Juicer has.
 */
function exportProcess(
  { recipe, document }: Pick<LoadedRecipe, 'recipe' | 'document'>,
  target: RecipeTarget,
  warnings: string[]
): { process: Record<string, Record<string, unknown>>[]; paths: string[] } {
  const process: Record<string, Record<string, unknown>>[] = []
  const paths: string[] = []
  const written = Array.isArray(document.process) ? (document.process as unknown[]) : []
  for (const [i, op] of recipe.process.entries()) {
    const name = target === 'ray' ? (RAY_DEDUPLICATORS[op.name] ?? op.name) : op.name
    const info = listOps().find((o) => o.name === op.name)
    const known = dataJuicerParams(name)
    // A custom operator stays in a Data-Juicer recipe, for one written in Python under the same name.
    if (known === undefined && (target === 'ray' || info?.source === undefined)) {
      warnings.push(`${op.name} is not a Data-Juicer operator: it is left out.`)
      continue
    }
    const refusal = target === 'ray' ? rayRefusal(name, info?.kind) : undefined
    if (refusal !== undefined) warnings.push(refusal)
    const entry = readProcessEntry(written[i])
    const asWritten = 'problem' in entry ? {} : Object.fromEntries(Object.entries(entry.params ?? {}).filter(([key]) => !(key in op.params)))
    const params: Record<string, unknown> = {}
    const dropped: string[] = []
    for (const [key, value] of Object.entries({ ...setParams(op.params), ...asWritten })) {
      if (known === undefined || known.has(key) || DATA_JUICER_COMMON_OP_KWARGS.has(key)) params[key] = value
      else dropped.push(key)
      if (PATH_PARAM.test(key) && typeof value === 'string' && value !== '' && /[/\\]/.test(value)) paths.push(`${name}.${key}`)
    }
    if (dropped.length > 0)
      warnings.push(`${name} in Data-Juicer has no parameter ${dropped.join(', ')}: left out, so its behaviour there may differ.`)
    process.push({ [name]: params })
  }
  return { process, paths }
}

/** Top-level keys the export writes from the recipe as Sieve resolved it, or as the target sets them, rather than as written. */
const WRITTEN_KEYS: Readonly<Record<RecipeTarget, ReadonlySet<string>>> = (() => {
  const both = [
    'project_name',
    'dataset_path',
    'export_path',
    'np',
    'text_keys',
    'keep_stats_in_res_ds',
    'keep_hashes_in_res_ds',
    'suffixes',
    'skip_op_error',
    'open_tracer',
    'op_list_to_trace',
    'export_shard_size',
    'executor_type',
    'custom_operator_paths',
    'process'
  ]
  return { 'data-juicer': new Set([...both, 'work_dir', 'add_suffix']), ray: new Set([...both, 'export_type']) }
})()

/** Keys of Sieve's `export` section the export writes as Data-Juicer's: max_file_size_mb as export_shard_size, format as export_type. */
const WRITTEN_EXPORT_KEYS = new Set(['max_file_size_mb', 'format'])

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null
}

/**
 * The recipe's top-level keys as written that Data-Juicer knows (config_all.yaml) and the export
 * does not write itself, unchanged; and the names of the keys it sets that are left out.
 */
function carriedKeys(document: Record<string, unknown>, target: RecipeTarget): { carried: Record<string, unknown>; leftOut: string[] } {
  const carried: Record<string, unknown> = {}
  const leftOut: string[] = []
  for (const [key, value] of Object.entries(document)) {
    if (key === 'export' && typeof value === 'object' && value !== null) {
      const section = Object.entries(value).filter(([child, v]) => isSet(v) && !WRITTEN_EXPORT_KEYS.has(child))
      leftOut.push(...section.map(([child]) => `export.${child}`))
    } else if (WRITTEN_KEYS[target].has(key)) continue
    else if (DATA_JUICER_TOP_LEVEL_KEYS.has(key)) carried[key] = value
    else if (isSet(value)) leftOut.push(key)
  }
  return { carried, leftOut }
}

/** The warnings on what Sieve reads from the recipe that the export leaves out. */
function leftOutWarnings(loaded: Pick<LoadedRecipe, 'recipe' | 'document'>, target: RecipeTarget, leftOut: string[]): string[] {
  const { recipe, document } = loaded
  const warnings: string[] = []
  const custom = recipe.process.filter((op) => listOps().find((info) => info.name === op.name)?.source !== undefined).map((op) => op.name)
  const single = custom.length === 1
  if (custom.length > 0) {
    warnings.push(
      `${custom.join(', ')} ${single ? 'is a custom operator' : 'are custom operators'} in JavaScript or TypeScript (custom_operator_paths, left out), which Data-Juicer cannot load: write ${single ? 'it' : 'them'} as Data-Juicer operators in Python and list those in its custom_operator_paths.`
    )
  } else if (isSet(document.custom_operator_paths)) {
    warnings.push('custom_operator_paths is left out: its modules are JavaScript or TypeScript, which Data-Juicer cannot load.')
  }
  if (target === 'data-juicer' && isSet(document.executor_type) && document.executor_type !== 'default')
    warnings.push(
      `executor_type: ${String(document.executor_type)} is left out: this export is for Data-Juicer's default executor; export with --to ray for its Ray executor.`
    )
  if (target === 'data-juicer' && recipe.export.format === 'arrow')
    warnings.push(
      'Data-Juicer writes no Arrow files (only JSON lines, JSON and Parquet): give export_path a .jsonl or .parquet name before running it there.'
    )
  // add_suffix on without being written: a suffix_filter relies on it.
  const names = target === 'ray' && recipe.add_suffix && !('add_suffix' in document) ? [...leftOut, 'add_suffix'] : leftOut
  if (names.length > 0) {
    const one = names.length === 1
    warnings.push(`${names.join(', ')} ${one ? 'is' : 'are'} left out, as Data-Juicer's config_all.yaml does not list ${one ? 'it' : 'them'}.`)
  }
  return warnings
}

/**
 * A recipe in Data-Juicer's own YAML, so it runs there unchanged: what Sieve resolved, in
 * Data-Juicer's keys, and every key and operator argument of the recipe as written that
 * Data-Juicer knows (config_all.yaml, ops.json) and Sieve ignores. `ray` is for Data-Juicer's Ray
 * executor (`executor_type: ray`), for a job that outgrows one machine: deduplicators become the
 * ray_* operators that work across the cluster. Whatever is left out is named in a warning.
 */
export function exportRecipe(loaded: Pick<LoadedRecipe, 'recipe' | 'document'>, target: RecipeTarget): ExportedRecipe {
  const { recipe, document } = loaded
  const { carried, leftOut } = carriedKeys(document, target)
  const warnings = leftOutWarnings(loaded, target, leftOut)
  const common: Record<string, unknown> = {
    project_name: recipe.project_name,
    dataset_path: recipe.dataset_path.length === 1 ? recipe.dataset_path[0] : recipe.dataset_path,
    export_path: recipe.export_path
  }
  const texts = {
    np: recipe.np,
    text_keys: recipe.text_keys.length === 1 ? recipe.text_keys[0] : recipe.text_keys,
    keep_stats_in_res_ds: recipe.keep_stats_in_res_ds,
    keep_hashes_in_res_ds: recipe.keep_hashes_in_res_ds
  }
  if (target === 'data-juicer') {
    const exportType =
      isSet((document.export as Record<string, unknown> | undefined)?.format) && recipe.export.format !== 'arrow'
        ? { export_type: recipe.export.format }
        : {}
    const yaml = {
      ...common,
      work_dir: recipe.work_dir,
      ...texts,
      add_suffix: recipe.add_suffix,
      ...dataJuicerSettings(recipe),
      ...carried,
      // Sieve's export.format, when set, is what it writes, whatever export_type says.
      ...exportType
    }
    const { process } = exportProcess(loaded, target, warnings)
    return { yaml: stringify({ ...yaml, process }), warnings }
  }
  if (recipe.export.format === 'arrow')
    warnings.push("Data-Juicer's Ray exporter writes no Arrow files: the export is Parquet (export_type: parquet).")
  const { process, paths } = exportProcess(loaded, target, warnings)
  const keys: Record<string, unknown> = {
    ...common,
    ...texts,
    executor_type: 'ray',
    ray_address: 'auto',
    export_type: recipe.export.format === 'jsonl' ? 'jsonl' : 'parquet',
    ...dataJuicerSettings(recipe),
    ...carried
  }
  warnings.push(
    `Every path in this recipe (dataset_path, export_path${paths.map((p) => `, ${p}`).join('')}) is this machine's: every node of the Ray cluster must see it at the same path (shared storage), or change it before running.`
  )
  return { yaml: stringify({ ...keys, process }), warnings }
}
