import { stringify } from 'yaml'
import type { Recipe } from '../../shared/recipe'
import { listOps } from '../ops'
import { DATA_JUICER_COMMON_OP_KWARGS, DATA_JUICER_TOP_LEVEL_KEYS, dataJuicerParams } from './data-juicer-keys'

export type RecipeTarget = 'data-juicer' | 'ray'

export interface ExportedRecipe {
  yaml: string
  /** What the reader must know before running it there: what was changed or left out, and why. */
  warnings: string[]
}

/**
 * Data-Juicer's Ray executor runs its own deduplicators across the cluster; the local ones would
 * deduplicate only within each block. Their parameters have the same names.
 */
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

/** The recipe's process for Data-Juicer's Ray executor: ray_* deduplicators, and only operators and parameters Data-Juicer knows. */
function rayProcess(recipe: Recipe, warnings: string[]): { process: Record<string, Record<string, unknown>>[]; paths: string[] } {
  const process: Record<string, Record<string, unknown>>[] = []
  const paths: string[] = []
  for (const op of recipe.process) {
    const name = RAY_DEDUPLICATORS[op.name] ?? op.name
    const known = dataJuicerParams(name)
    if (known === undefined) {
      warnings.push(`${op.name} is not a Data-Juicer operator: it is left out.`)
      continue
    }
    if (op.name === 'document_simhash_deduplicator') {
      warnings.push(
        'document_simhash_deduplicator has no Ray counterpart in Data-Juicer: on a cluster it deduplicates within each block only, not across the dataset. For near-duplicates across the cluster use document_minhash_deduplicator (exported as ray_bts_minhash_deduplicator).'
      )
    }
    const params: Record<string, unknown> = {}
    const dropped: string[] = []
    for (const [key, value] of Object.entries(setParams(op.params))) {
      if (known.has(key) || DATA_JUICER_COMMON_OP_KWARGS.has(key)) params[key] = value
      else dropped.push(key)
      if (PATH_PARAM.test(key) && typeof value === 'string' && value !== '' && /[/\\]/.test(value)) paths.push(`${name}.${key}`)
    }
    if (dropped.length > 0)
      warnings.push(`${name} in Data-Juicer has no parameter ${dropped.join(', ')}: left out, so its behaviour there may differ.`)
    process.push({ [name]: params })
  }
  return { process, paths }
}

/**
 * A recipe in Data-Juicer's own YAML: only keys Data-Juicer reads, so it runs there unchanged.
 * `ray` is for Data-Juicer's Ray executor (`executor_type: ray`), for a job that outgrows one
 * machine: deduplicators become the ray_* operators that work across the cluster, and only the
 * keys and parameters of config_all.yaml and ops.json are kept.
 */
export function exportRecipe(recipe: Recipe, target: RecipeTarget): ExportedRecipe {
  const warnings: string[] = []
  const custom = recipe.process.filter((op) => listOps().find((info) => info.name === op.name)?.source !== undefined).map((op) => op.name)
  if (custom.length > 0) {
    warnings.push(
      `${custom.join(', ')} ${custom.length === 1 ? 'is a custom operator' : 'are custom operators'} in JavaScript or TypeScript (custom_operator_paths), which Data-Juicer cannot load: write ${custom.length === 1 ? 'it' : 'them'} as Data-Juicer operators in Python and list those in its custom_operator_paths.`
    )
  }
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
    const yaml = { ...common, work_dir: recipe.work_dir, ...texts, add_suffix: recipe.add_suffix, ...dataJuicerSettings(recipe) }
    return { yaml: stringify({ ...yaml, process: recipe.process.map((op) => ({ [op.name]: setParams(op.params) })) }), warnings }
  }
  if (recipe.export.format === 'arrow')
    warnings.push("Data-Juicer's Ray exporter writes no Arrow files: the export is Parquet (export_type: parquet).")
  const { process, paths } = rayProcess(recipe, warnings)
  const keys: Record<string, unknown> = {
    ...common,
    ...texts,
    executor_type: 'ray',
    ray_address: 'auto',
    export_type: recipe.export.format === 'jsonl' ? 'jsonl' : 'parquet',
    ...dataJuicerSettings(recipe)
  }
  const left = ['work_dir', 'partitions', 'checkpoints', 'retries', 'event logging', ...(recipe.add_suffix ? ['add_suffix'] : [])]
  warnings.push(`Sieve's ${left.join(', ')} settings are left out: Data-Juicer's Ray executor does not read them.`)
  warnings.push(
    `Every path in this recipe (dataset_path, export_path${paths.map((p) => `, ${p}`).join('')}) is this machine's: every node of the Ray cluster must see it at the same path (shared storage), or change it before running.`
  )
  // Only what config_all.yaml knows reaches the cluster.
  const known = Object.fromEntries(Object.entries(keys).filter(([key]) => DATA_JUICER_TOP_LEVEL_KEYS.has(key)))
  return { yaml: stringify({ ...known, process }), warnings }
}
