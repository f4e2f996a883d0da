import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Recipe } from '../../shared/recipe'
import type { FileRecord } from './manifest'
import type { JobState } from './job-state'
import type { Reporter } from './reporter'
import type { Scheduler } from './scheduler'
import { removeCheckpointDir } from './work-dir'
import { checkpointFiles } from './delta-checkpoint'
import { analyzedOps, inputFingerprint } from '../analysis/recipe-ops'

/**
 * What a dedup decision may hold besides its union-find of colliding rows (read buffers, positions
 * to drop before they spill): a quarter of the worker's memory limit, 1 GB by default.
 */
export function decisionBudget(recipe: Recipe): number {
  return Math.floor((recipe.performance.memory_limit_gb * 2 ** 30) / 4)
}

/** The steps that read every partition at once, on one worker: a dedup decision between stages, and the export. */
export class DatasetSteps {
  constructor(
    private readonly recipe: Recipe,
    private readonly state: JobState,
    private readonly scheduler: Scheduler,
    private readonly reporter: Reporter,
    /** Saves the whole manifest; a failure also stops the job. */
    private readonly save: () => Promise<void>,
    /** The export may overwrite files that are not an earlier export of this job (`force`). */
    private readonly overwrite: boolean
  ) {}

  /** The dedup decision of operator `opIndex`, from every partition's keys, unless it was made before. */
  async decide(opIndex: number): Promise<void> {
    if (this.state.manifest.dedup[String(opIndex)] !== undefined) return
    const boundaries = this.state.manifest.partitions.map((p, id) => ({
      partition: id,
      checkpoint: p.checkpoints.find((c) => c.op_index === opIndex)!
    }))
    const started = Date.now()
    const op = this.recipe.process[opIndex]!
    const task = {
      workDir: this.state.dir.root,
      opIndex,
      op,
      textKey: this.recipe.text_keys[0]!,
      boundaries,
      budgetBytes: decisionBudget(this.recipe)
    }
    const record = await this.scheduler.worker().run('dedup', task, 'The deduplication step')
    this.state.decisionRecorded(opIndex, record)
    await this.save()
    this.reporter.event('dedup_decision', `${op.name}: ${record.dropped} row(s) dropped across all partitions`, {
      operation_name: op.name,
      operation_idx: opIndex,
      output_rows: record.dropped,
      duration: (Date.now() - started) / 1000
    })
  }

  async exportIfNeeded(): Promise<FileRecord[]> {
    const { recipe } = this
    const { manifest } = this.state
    if (manifest.export?.complete === true) return manifest.export.files
    const previous = manifest.export?.files ?? []
    this.reporter.event('export_start', `exporting to ${recipe.export_path}`)
    const started = Date.now()
    const task = {
      workDir: this.state.dir.root,
      exportPath: recipe.export_path,
      export: recipe.export,
      results: manifest.partitions.map((p) => p.result!),
      earlier: previous.map((f) => f.path),
      overwrite: this.overwrite
    }
    const files = await this.scheduler.worker().run('export', task, 'The export')
    // Shards of an earlier export that this one did not overwrite would mislead: remove them.
    for (const old of previous) if (!files.some((f) => f.path === old.path)) await rm(old.path, { force: true })
    this.state.exportCompleted(files)
    await this.save()
    await this.removeCheckpoints()
    const rows = files.reduce((n, f) => n + f.rows, 0)
    this.reporter.event('export_complete', `${files.length} file(s), ${rows} rows`, {
      output_path: recipe.export_path,
      output_rows: rows,
      duration: (Date.now() - started) / 1000
    })
    return files
  }

  /** An analysis's last step: every partition's partial merged into analysis.json and the report, unless that was done before. */
  async analyzeIfNeeded(): Promise<FileRecord[]> {
    const { manifest, plan, dir } = this.state
    if (manifest.export?.complete === true) return manifest.export.files
    this.reporter.event('export_start', `merging ${manifest.partitions.length} partition summaries into ${dir.analysisJson}`)
    const started = Date.now()
    const task = {
      workDir: dir.root,
      partials: manifest.partitions.map((p) => p.result!),
      ops: analyzedOps(this.recipe),
      input: { paths: plan.inputs.map((i) => i.path), fingerprint: inputFingerprint(plan) },
      title: this.recipe.project_name
    }
    const files = await this.scheduler.worker().run('mergeAnalysis', task, 'The analysis')
    this.state.exportCompleted(files)
    await this.save()
    this.reporter.event('export_complete', `analysis of ${plan.total_rows} rows saved to ${dir.analysisJson} and ${dir.analysisReport}`, {
      output_path: dir.analysisJson,
      output_rows: plan.total_rows,
      duration: (Date.now() - started) / 1000
    })
    return files
  }

  /**
   * Once the export is published, checkpoints have nothing left to protect: without
   * preserve_intermediate_data they go (the manifest forgets them first). Until then they stay,
   * stage boundaries included, so a lost dedup decision can always be made again.
   */
  private async removeCheckpoints(): Promise<void> {
    if (this.recipe.preserve_intermediate_data || !this.recipe.checkpoint.cleanup_old_checkpoints) return
    const old = this.state.allCheckpointsForgotten()
    await this.save()
    for (const [id, records] of old.entries()) {
      for (const c of records) for (const f of checkpointFiles(c)) await rm(join(this.state.dir.root, f.path), { force: true })
      await removeCheckpointDir(this.state.dir, id)
    }
  }
}
