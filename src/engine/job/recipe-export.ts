import { stringify } from 'yaml'
import type { Recipe } from '../../shared/recipe'

export type RecipeTarget = 'data-juicer' | 'ray'

/** Parameters as Data-Juicer reads them: "no value" (None) is left out so its default applies. */
function processOf(recipe: Recipe): Record<string, Record<string, unknown>>[] {
  return recipe.process.map((op) => ({ [op.name]: Object.fromEntries(Object.entries(op.params).filter(([, v]) => v !== null)) }))
}

/**
 * A recipe in Data-Juicer's own YAML: only keys Data-Juicer reads, so it runs there unchanged.
 * `ray` adds the partitioned Ray executor with this recipe's partition, checkpoint, retry and
 * event-logging settings, for a job that outgrows one machine.
 */
export function exportRecipe(recipe: Recipe, target: RecipeTarget): string {
  const base: Record<string, unknown> = {
    project_name: recipe.project_name,
    dataset_path: recipe.dataset_path.length === 1 ? recipe.dataset_path[0] : recipe.dataset_path,
    export_path: recipe.export_path,
    work_dir: recipe.work_dir,
    np: recipe.np,
    text_keys: recipe.text_keys.length === 1 ? recipe.text_keys[0] : recipe.text_keys,
    keep_stats_in_res_ds: recipe.keep_stats_in_res_ds,
    keep_hashes_in_res_ds: recipe.keep_hashes_in_res_ds,
    add_suffix: recipe.add_suffix
  }
  if (target === 'ray') {
    Object.assign(base, {
      executor_type: 'ray_partitioned',
      ray_address: 'auto',
      partition: { mode: 'auto', size: recipe.partition_size, max_size_mb: recipe.max_partition_size_mb },
      max_retries: recipe.max_retries,
      storage_format: recipe.checkpoint.storage_format,
      preserve_intermediate_data: recipe.preserve_intermediate_data,
      checkpoint: {
        enabled: recipe.checkpoint.enabled,
        strategy: recipe.checkpoint.strategy,
        n_ops: recipe.checkpoint.n_ops,
        op_names: recipe.checkpoint.op_names
      },
      event_logging: {
        enabled: recipe.event_logging.enabled,
        log_level: recipe.event_logging.log_level,
        max_log_size_mb: recipe.event_logging.max_log_size_mb,
        backup_count: recipe.event_logging.backup_count
      }
    })
  }
  return stringify({ ...base, process: processOf(recipe) })
}
