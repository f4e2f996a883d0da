import type { Recipe } from '../../shared/recipe'
import type { FileRecord } from './manifest'

/** What the worker's export task is given; its own module so the export task and its shard writers share it without a cycle. */
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
