import { existsSync } from 'node:fs'
import { mkdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { SieveError, type ErrorCode } from '../../shared/errors'
import type { Recipe } from '../../shared/recipe'
import type { JobProgress } from '../../shared/jobs'
import { publishText } from '../io/publish'
import { EventLog, type EventType, type JobEvent } from '../log/events'
import { performanceMetrics, processingSummary } from '../log/summary'
import { EngineWorker } from '../worker-client'
import { WorkDir } from './layout'
import {
  ManifestWriter,
  newManifest,
  readManifest,
  type CheckpointRecord,
  type FileRecord,
  type JobStatus,
  type Manifest,
  type PartitionState
} from './manifest'
import type { PartitionMessage, PartitionTaskInput, StageStart } from './partition-task'
import { changesSincePlan, planJob, type Plan } from './plan'
import { readPlan } from './plan-file'
import { loadRecipe, recipeToYaml } from './recipe'
import { acquireLock } from './lock'
import { verify } from './verify'
import { deltaChain } from './delta-checkpoint'
import { checkInputsOutside, checkWorkDir, clearJobFiles, clearTemp, removeCheckpointDir } from './work-dir'
import { checkExportPath, earlierExport } from './export-path'
import { expandDatasetPaths } from '../inspect'
import { reconcile, stageEntry } from './reconcile'
import { checkFailpoint } from './failpoints'

/** Errors that come from the data or the recipe, not the machine: a retry would fail the same way. */
const WOULD_FAIL_AGAIN = new Set<ErrorCode>(['BAD_REQUEST', 'MALFORMED', 'NOT_UTF8', 'LINE_TOO_LONG', 'UNKNOWN_FORMAT', 'EMPTY_FILE', 'ENCRYPTED'])

export type { JobProgress } from '../../shared/jobs'

export interface JobOptions {
  /** The engine worker entry: the bundled chunk, or the TypeScript bootstrap in tests. */
  workerPath: string
  execArgv?: string[]
  onEvent?: (event: JobEvent) => void
  onProgress?: (progress: JobProgress) => void
  /** Resume even though the inputs or the recipe changed since the plan. */
  force?: boolean
}

export interface JobOutcome {
  status: JobStatus
  workDir: string
  exportFiles: FileRecord[]
  failed: { partition: number; error: string }[]
  message: string
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * A job: plans (or reopens) a work directory, runs every partition through the stages in a pool
 * of worker threads with retries, makes the global dedup decisions, exports, and keeps the
 * manifest — the only thing resume trusts — up to date at every step.
 */
export class Job {
  private readonly dir: WorkDir
  private readonly events: EventLog
  private readonly writer: ManifestWriter
  private readonly workers: EngineWorker[] = []
  private cancelled = false
  /** A failure of the job itself (the manifest cannot be written): it stops everything. */
  private fatal: Error | undefined
  private paused = false
  private resumeWaiters: (() => void)[] = []
  private readonly running = new Map<number, number>()
  private lastProgress = 0
  private doneAtStart: { rows: number; bytes: number } | undefined
  private readonly startedAt = Date.now()
  private readonly cpuAtStart = process.cpuUsage()
  private peakRss = 0
  private rssTimer: NodeJS.Timeout | undefined

  private constructor(
    readonly recipe: Recipe,
    readonly plan: Plan,
    manifest: Manifest,
    private readonly options: JobOptions,
    /** Set when the job continues from its manifest; resumed anyway over changed inputs, it says so. */
    private readonly resuming: { inputsChanged: boolean } | undefined,
    private readonly releaseLock: () => void
  ) {
    this.dir = new WorkDir(recipe.work_dir)
    this.events = new EventLog(this.dir.events, {
      enabled: recipe.event_logging.enabled,
      level: recipe.event_logging.log_level,
      maxBytes: recipe.event_logging.max_log_size_mb * (1 << 20),
      backupCount: recipe.event_logging.backup_count
    })
    this.writer = new ManifestWriter(this.dir.manifest, this.dir.temp, manifest)
  }

  get manifest(): Manifest {
    return this.writer.manifest
  }

  get workDir(): string {
    return this.dir.root
  }

  /** Plans a new job. A work directory that already holds a job is refused unless `force` clears it. */
  static async create(recipe: Recipe, options: JobOptions): Promise<Job> {
    const dir = new WorkDir(recipe.work_dir)
    checkWorkDir(recipe)
    const { files: inputs } = await expandDatasetPaths(recipe.dataset_path)
    checkInputsOutside(recipe, inputs)
    if (existsSync(dir.manifest) && options.force !== true) {
      throw new SieveError(
        'BAD_REQUEST',
        `${dir.root} already holds a job. Continue it with 'sieve resume ${dir.root}', or start over with --force (which clears that job's files), or set another work_dir.`,
        { workDir: dir.root, holdsJob: true }
      )
    }
    const previous = existsSync(dir.manifest) ? await readManifest(dir.manifest).catch(() => undefined) : undefined
    const earlier = earlierExport(previous, inputs)
    checkExportPath(
      recipe,
      inputs,
      earlier.map((f) => f.path),
      options.force === true
    )
    // Planning reads and checks the inputs before anything is written.
    const plan = await planJob(recipe)
    const release = acquireLock(dir.lock, dir.root)
    try {
      return await Job.initialize(recipe, plan, dir, options, release, previous, earlier)
    } catch (err) {
      release()
      throw err
    }
  }

  private static async initialize(
    recipe: Recipe,
    plan: Plan,
    dir: WorkDir,
    options: JobOptions,
    release: () => void,
    previous: Manifest | undefined,
    earlier: FileRecord[]
  ): Promise<Job> {
    if (options.force === true && previous !== undefined) await clearJobFiles(dir, previous)
    await clearTemp(dir)
    await mkdir(dir.temp, { recursive: true })
    const manifest = newManifest(plan)
    // The earlier export stays this job's to replace, and its stale shards to remove.
    if (earlier.length > 0) manifest.export = { complete: false, files: earlier }
    const job = new Job(recipe, plan, manifest, options, undefined, release)
    // The manifest first: from here on the folder is recognisably Sieve's.
    await job.writer.save()
    await publishText(dir.temp, dir.recipe, recipeToYaml(recipe))
    await publishText(dir.temp, dir.mapping, `${JSON.stringify(plan, null, 1)}\n`)
    return job
  }

  /** Reopens a work directory from its manifest, refusing if the inputs or the recipe changed. */
  static async open(workDir: string, options: JobOptions): Promise<Job> {
    const dir = new WorkDir(workDir)
    dir.assertPlanned()
    const release = acquireLock(dir.lock, dir.root)
    try {
      return await Job.reopen(dir, options, release)
    } catch (err) {
      release()
      throw err
    }
  }

  private static async reopen(dir: WorkDir, options: JobOptions, release: () => void): Promise<Job> {
    const workDir = dir.root
    const { recipe } = await loadRecipe(dir.recipe)
    recipe.work_dir = dir.root
    const plan = await readPlan(dir.mapping)
    const { inputsChanged, changes } = await changesSincePlan(plan, recipe, dir.recipe)
    if (options.force !== true) {
      if (changes.length > 0) {
        throw new SieveError(
          'BAD_REQUEST',
          `Cannot resume ${workDir}: ${changes.join('; ')}. Resuming would mix results from different inputs. Start fresh with 'sieve run RECIPE --force', or resume anyway with --force.`,
          { changes }
        )
      }
    }
    let manifest: Manifest | undefined
    try {
      manifest = await readManifest(dir.manifest)
    } catch {
      manifest = undefined
    }
    manifest ??= newManifest(plan)
    manifest.status = 'running'
    manifest.pid = process.pid
    delete manifest.finished_at
    delete manifest.error
    return new Job(recipe, plan, manifest, options, { inputsChanged }, release)
  }

  cancel(): void {
    this.cancelled = true
    this.resumeScheduling()
    for (const w of this.workers) void w.close()
  }

  private stopWith(err: unknown): void {
    this.fatal ??= err instanceof Error ? err : new Error(String(err))
    this.cancel()
  }

  /** Saves the manifest; if that fails the job cannot go on safely, so it stops (the last good manifest stays). */
  private async save({ partition, final = false }: { partition?: number; final?: boolean } = {}): Promise<void> {
    try {
      if (final) checkFailpoint('final_manifest_save', 0)
      await this.writer.save(partition)
    } catch (err) {
      this.stopWith(err)
      throw err
    }
  }

  pause(): void {
    this.paused = true
    this.progress(true)
  }

  resumeScheduling(): void {
    this.paused = false
    for (const wake of this.resumeWaiters.splice(0)) wake()
    this.progress(true)
  }

  get isPaused(): boolean {
    return this.paused
  }

  /** Workers waiting at the pause gate: when all are, no partition can start until the job continues. */
  get heldAtPause(): number {
    return this.resumeWaiters.length
  }

  private event(type: EventType, message: string, fields: Partial<JobEvent> = {}, level: JobEvent['level'] = 'INFO'): void {
    const event: JobEvent = { event_type: type, timestamp: Date.now() / 1000, level, message, job_id: this.manifest.job_id, ...fields }
    this.events.write(event)
    this.options.onEvent?.(event)
  }

  private progress(force = false): void {
    const now = Date.now()
    if (!force && now - this.lastProgress < 250) return
    this.lastProgress = now
    const parts = this.manifest.partitions
    const stageOf = Math.min(...parts.map((p) => (p.status === 'failed' ? Infinity : p.stage)))
    let rowsDone = 0
    let bytesDone = 0
    parts.forEach((p, i) => {
      const planned = this.plan.partitions[i]
      // Past its first stage a partition has read all its input (later stages read its checkpoint).
      const rows = p.status === 'done' || p.stage > 0 ? (planned?.rows ?? 0) : Math.min(this.running.get(i) ?? 0, planned?.rows ?? 0)
      rowsDone += rows
      // Bytes are known per partition only; a running one counts in proportion to the rows it has read.
      bytesDone += planned === undefined || planned.rows === 0 ? 0 : (planned.bytes * rows) / planned.rows
    })
    const elapsed = now - this.startedAt
    // What was already done when this run began (a resume) is not part of its speed.
    this.doneAtStart ??= { rows: rowsDone, bytes: bytesDone }
    const seconds = elapsed / 1000
    this.options.onProgress?.({
      job_id: this.manifest.job_id,
      status: this.manifest.status,
      stage: Number.isFinite(stageOf) ? Math.min(stageOf, this.plan.stages.length - 1) : 0,
      stages: this.plan.stages.length,
      partitions: {
        total: parts.length,
        done: parts.filter((p) => p.status === 'done').length,
        failed: parts.filter((p) => p.status === 'failed').length,
        running: this.running.size
      },
      rows_total: this.plan.total_rows,
      rows_done: rowsDone,
      elapsed_ms: elapsed,
      rows_per_s: seconds > 0 ? (rowsDone - this.doneAtStart.rows) / seconds : 0,
      bytes_per_s: seconds > 0 ? (bytesDone - this.doneAtStart.bytes) / seconds : 0,
      bytes_total: this.plan.partitions.reduce((n, p) => n + p.bytes, 0),
      bytes_done: Math.round(bytesDone),
      paused: this.paused
    })
  }

  /** Checks every file the manifest claims; what fails is forgotten, so it is redone (reconcile decides, as the Resume dialog does). */
  private async verifyManifest(): Promise<void> {
    const root = this.dir.root
    const { warnings } = await reconcile(this.plan, this.manifest, (record) => verify(root, record), this.resuming?.inputsChanged === true)
    for (const { message, ...fields } of warnings) this.event('checkpoint_error', message, fields, 'WARNING')
    await this.save()
  }

  private pool(): EngineWorker[] {
    if (this.workers.length === 0) {
      for (let i = 0; i < this.recipe.np; i++) {
        this.workers.push(
          new EngineWorker({
            workerPath: this.options.workerPath,
            ...(this.options.execArgv !== undefined ? { execArgv: this.options.execArgv } : {}),
            timeoutMs: 'none',
            maxOldGenerationSizeMb: Math.round(this.recipe.performance.memory_limit_gb * 1024)
          })
        )
      }
    }
    return this.workers
  }

  /** Where a partition's current stage starts; past the first stage, the dedup decision's rows are dropped first. */
  private stageStart(id: number, stageIndex: number): StageStart {
    const entry = stageEntry(this.plan, this.manifest.partitions[id]!, id, stageIndex)
    const stage = this.plan.stages[stageIndex]!
    if (entry.kind === 'source' || entry.checkpoint.op_index >= stage.first) return entry
    const previous = entry.checkpoint.op_index
    const drop = this.decisions.get(previous)?.[String(id)]
    if (drop === undefined) throw new Error(`partition ${id} reached stage ${stageIndex + 1} without the decision of operator ${previous}`)
    return { ...entry, drop }
  }

  private readonly decisions = new Map<number, Record<string, number[]>>()
  /** Per running partition, the operator that started and has not completed: the one a failure is blamed on. */
  private readonly currentOp = new Map<number, { index: number; name: string }>()

  private async loadDecision(opIndex: number): Promise<void> {
    const record = this.manifest.dedup[String(opIndex)]
    if (record === undefined || this.decisions.has(opIndex)) return
    const parsed = JSON.parse(await readFile(join(this.dir.root, record.path), 'utf8')) as { drop: Record<string, number[]> }
    this.decisions.set(opIndex, parsed.drop)
  }

  private async onMessage(id: number, message: PartitionMessage): Promise<void> {
    const p = this.manifest.partitions[id]!
    switch (message.type) {
      case 'read':
        p.rows_read = message.rows
        p.bad_records = message.badRecords
        return
      case 'progress':
        if (p.stage === 0) this.running.set(id, message.rows)
        this.progress()
        return
      case 'op_start':
        this.currentOp.set(id, { index: message.opIndex, name: message.name })
        this.event('op_start', `${message.name} on partition ${id}: ${message.rows} rows in`, {
          partition_id: id,
          operation_name: message.name,
          operation_idx: message.opIndex,
          input_rows: message.rows
        })
        return
      case 'op':
        this.currentOp.delete(id)
        p.ops[String(message.opIndex)] = message.count
        this.event('op_complete', `${message.count.name} on partition ${id}: ${message.count.rows_in} → ${message.count.rows_out} rows`, {
          partition_id: id,
          operation_name: message.count.name,
          operation_idx: message.opIndex,
          input_rows: message.count.rows_in,
          output_rows: message.count.rows_out,
          duration: message.count.millis / 1000
        })
        return
      case 'published':
        if (message.kind === 'errors') p.errors_file = message.record
        else p.rejected = [...p.rejected.filter((r) => r.path !== message.record.path), message.record]
        await this.save({ partition: id })
        return
      case 'checkpoint': {
        p.checkpoints = [...p.checkpoints.filter((c) => c.op_index !== message.record.op_index), message.record]
        Object.assign(p.ops, message.ops)
        const removed = this.trimCheckpoints(p)
        await this.save({ partition: id })
        await this.writeCheckpointMetadata(id)
        for (const r of removed) await rm(join(this.dir.root, r.path), { force: true })
        this.event('checkpoint_save', `checkpoint after ${message.record.op_name} on partition ${id} (${message.record.rows} rows)`, {
          partition_id: id,
          operation_name: message.record.op_name,
          operation_idx: message.record.op_index,
          checkpoint_path: message.record.path,
          output_rows: message.record.rows
        })
      }
    }
  }

  /** With cleanup_old_checkpoints, keep the newest max_checkpoints_per_partition, and always the stage boundaries. */
  private trimCheckpoints(p: PartitionState): CheckpointRecord[] {
    const cfg = this.recipe.checkpoint
    if (!cfg.cleanup_old_checkpoints) return []
    const boundaries = new Set(this.plan.stages.map((s) => s.dedup).filter((d): d is number => d !== null))
    const ordinary = p.checkpoints.filter((c) => !boundaries.has(c.op_index)).sort((a, b) => b.op_index - a.op_index)
    const kept = new Set(p.checkpoints.filter((c) => !ordinary.slice(cfg.max_checkpoints_per_partition).includes(c)))
    // A kept delta keeps the checkpoints it is read from.
    for (const c of [...kept]) for (const base of deltaChain(c, p.checkpoints) ?? []) kept.add(base)
    const removed = p.checkpoints.filter((c) => !kept.has(c))
    p.checkpoints = p.checkpoints.filter((c) => kept.has(c))
    return removed
  }

  private async writeCheckpointMetadata(id: number): Promise<void> {
    const p = this.manifest.partitions[id]!
    const metadata = {
      partition_id: id,
      checkpoints: p.checkpoints.map(({ schema: _schema, ...c }) => ({ ...c, path: c.path.split('/').pop() })).sort((a, b) => a.op_index - b.op_index)
    }
    await publishText(this.dir.temp, this.dir.checkpointMetadata(id), `${JSON.stringify(metadata, null, 1)}\n`)
  }

  private async waitIfPaused(): Promise<void> {
    while (this.paused && !this.cancelled) await new Promise<void>((resolve) => this.resumeWaiters.push(resolve))
  }

  /** One partition through one stage, retried with exponential backoff unless the error would certainly recur. */
  private async runPartition(worker: EngineWorker, id: number, stageIndex: number): Promise<void> {
    const p = this.manifest.partitions[id]!
    const planned = this.plan.partitions[id]!
    const input = this.plan.inputs[planned.input]!
    const stage = this.plan.stages[stageIndex]!
    for (;;) {
      await this.waitIfPaused()
      if (this.cancelled) return
      p.status = 'running'
      p.attempts++
      p.attempts_total = (p.attempts_total ?? 0) + 1
      const start = this.stageStart(id, stageIndex)
      const started = Date.now()
      this.currentOp.delete(id)
      if (start.kind === 'checkpoint' && start.drop === undefined) {
        this.event('checkpoint_load', `partition ${id} resumes after ${start.checkpoint.op_name}`, {
          partition_id: id,
          checkpoint_path: start.checkpoint.path
        })
      }
      this.event(
        this.resuming !== undefined && p.attempts === 1 && start.kind !== 'source' ? 'partition_resume' : 'partition_start',
        `partition ${id}, stage ${stageIndex + 1} of ${this.plan.stages.length}`,
        {
          partition_id: id,
          input_rows: planned.rows,
          ...(p.attempts > 1 ? { retry_count: p.attempts - 1 } : {})
        }
      )
      const task: PartitionTaskInput = {
        workDir: this.dir.root,
        partition: id,
        source: {
          path: input.path,
          format: input.format,
          compression: input.compression,
          ...(input.header !== undefined ? { header: input.header } : {})
        },
        slice: planned.slice,
        schema: this.plan.schema,
        textKeys: this.recipe.text_keys,
        ops: this.recipe.process,
        stage,
        isFinalStage: stageIndex === this.plan.stages.length - 1,
        start,
        checkpoint: this.recipe.checkpoint,
        onBadRecord: this.recipe.on_bad_record,
        preserveIntermediate: this.recipe.preserve_intermediate_data,
        addSuffix: this.recipe.add_suffix,
        batchRows: this.recipe.performance.batch_size,
        result: {
          codec: this.recipe.export.format === 'parquet' ? this.recipe.export.compression : 'zstd',
          keepStats: this.recipe.keep_stats_in_res_ds,
          keepHashes: this.recipe.keep_hashes_in_res_ds
        }
      }
      // Messages are handled in order, and all of them before the task's own outcome.
      let handled: Promise<void> = Promise.resolve()
      try {
        const out = await worker.run('partition', task, `Partition ${id}`, (m) => {
          handled = handled.then(() => this.onMessage(id, m)).catch((err: unknown) => this.stopWith(err))
        })
        await handled
        if (start.kind === 'source') {
          if (out.badRecords > 0) {
            this.event(
              'bad_records',
              `partition ${id}: ${out.badRecords} bad record(s) quarantined in ${p.errors_file?.path ?? 'errors/'}`,
              { partition_id: id },
              'WARNING'
            )
          }
        }
        Object.assign(p.ops, out.ops)
        p.millis += Date.now() - started
        this.running.delete(id)
        if (out.boundary !== undefined) {
          p.checkpoints = [...p.checkpoints.filter((c) => c.op_index !== out.boundary!.op_index), out.boundary]
          p.stage = stageIndex + 1
          p.status = 'pending'
          this.event(
            'checkpoint_save',
            `partition ${id} finished stage ${stageIndex + 1} of ${this.plan.stages.length}: keys for ${out.boundary.op_name} saved`,
            {
              partition_id: id,
              operation_name: out.boundary.op_name,
              operation_idx: out.boundary.op_index,
              checkpoint_path: out.boundary.path,
              output_rows: out.boundary.rows,
              metadata: { stage_done: stageIndex + 1, stages: this.plan.stages.length }
            }
          )
        } else if (out.result !== undefined) {
          p.result = out.result
          p.status = 'done'
          p.stage = this.plan.stages.length
          this.event('partition_complete', `partition ${id} done: ${out.result.rows} rows in ${out.result.path}`, {
            partition_id: id,
            output_rows: out.result.rows,
            output_path: out.result.path,
            duration: p.millis / 1000
          })
        }
        p.attempts = 0
        delete p.error
        await this.save({ partition: id })
        this.progress()
        return
      } catch (err) {
        await handled
        this.running.delete(id)
        if (this.cancelled) {
          if (p.status === 'running') p.status = 'pending'
          return
        }
        const message =
          err instanceof SieveError && err.code === 'OUT_OF_MEMORY'
            ? `${err.message} Raise performance.memory_limit_gb or lower partition_size in the recipe.`
            : err instanceof Error
              ? err.message
              : String(err)
        const wouldFailAgain = err instanceof SieveError && WOULD_FAIL_AGAIN.has(err.code)
        const retriesLeft = wouldFailAgain ? 0 : this.recipe.max_retries - (p.attempts - 1)
        const op = this.currentOp.get(id)
        this.currentOp.delete(id)
        const blame = op !== undefined ? { operation_name: op.name, operation_idx: op.index } : {}
        if (op !== undefined) {
          this.event(
            'op_failed',
            `${op.name} failed on partition ${id}: ${message}`,
            { partition_id: id, ...blame, error_message: message, retry_count: p.attempts - 1 },
            'ERROR'
          )
        }
        this.event(
          'partition_failed',
          `partition ${id} failed${op !== undefined ? ` in ${op.name}` : ''} (attempt ${p.attempts}${wouldFailAgain ? ', not retried: the same data and recipe fail the same way' : ''}): ${message}`,
          {
            partition_id: id,
            ...blame,
            error_message: message,
            retry_count: p.attempts - 1
          },
          'ERROR'
        )
        if (retriesLeft <= 0) {
          p.status = 'failed'
          p.error = message
          await this.save({ partition: id })
          this.progress(true)
          return
        }
        const backoff = this.recipe.retry_backoff_ms * 2 ** (p.attempts - 1)
        this.event(
          'partition_retry',
          `partition ${id} retries in ${backoff} ms (${retriesLeft} left)`,
          { partition_id: id, retry_count: p.attempts },
          'WARNING'
        )
        p.status = 'pending'
        await this.save({ partition: id })
        await sleep(backoff)
      }
    }
  }

  /** Runs partitions over the pool, lowest id first: each worker takes the next one when free. */
  private async runStage(ids: number[], stageIndex: number): Promise<void> {
    const queue = [...ids]
    await Promise.all(
      this.pool().map(async (worker) => {
        for (let id = queue.shift(); id !== undefined && !this.cancelled; id = queue.shift()) {
          await this.runPartition(worker, id, stageIndex)
        }
      })
    )
  }

  private finishing: Promise<JobOutcome> | undefined

  /** Ends the job once: a later call (a failed final save also stops the job) gets the first call's outcome. */
  private finish(status: JobStatus, message: string, exportFiles: FileRecord[] = []): Promise<JobOutcome> {
    this.finishing ??= this.settle(status, message, exportFiles)
    return this.finishing
  }

  private async settle(status: JobStatus, message: string, exportFiles: FileRecord[]): Promise<JobOutcome> {
    clearInterval(this.rssTimer)
    const m = this.manifest
    const wall = Date.now() - this.startedAt
    this.sampleRss()
    m.status = status
    m.finished_at = new Date().toISOString()
    if (status === 'failed') m.error = message
    // The reports first: whoever reads the manifest's final status then finds them too.
    await this.publishReports(status, wall)
    try {
      await this.save({ final: true })
    } catch (err) {
      // The manifest on disk still holds the last state saved, which resume trusts: this run did not finish.
      status = 'failed'
      // The cause first (a full disk says what to free), then what it means for this job.
      const cause = (err instanceof Error ? err.message : String(err)).replace(/\.?$/, '.')
      message = `${cause} The job's final state could not be saved to ${this.dir.manifest}; resume the job once that is fixed.`
      m.status = status
      m.error = message
      await this.publishReports(status, wall)
    }
    const type: EventType = status === 'completed' ? 'job_complete' : 'job_failed'
    this.event(type, message, { duration: wall / 1000 }, status === 'completed' ? 'INFO' : status === 'interrupted' ? 'WARNING' : 'ERROR')
    this.progress(true)
    for (const w of this.workers) await w.close()
    await this.events.flush()
    await clearTemp(this.dir)
    this.releaseLock()
    return {
      status,
      workDir: this.dir.root,
      exportFiles,
      failed: m.partitions.flatMap((p, id) => (p.status === 'failed' ? [{ partition: id, error: p.error ?? 'failed' }] : [])),
      message
    }
  }

  /** Writes the reports; a full disk may stop them, and the manifest still holds the truth. */
  private async publishReports(status: JobStatus, wall: number): Promise<void> {
    try {
      await this.writeReports(status, wall)
    } catch (err) {
      this.event('processing_error', `could not write the job's reports: ${err instanceof Error ? err.message : String(err)}`, {}, 'ERROR')
    }
  }

  private async writeReports(status: JobStatus, wall: number): Promise<void> {
    const m = this.manifest
    const summary = processingSummary(this.recipe, this.plan, m, wall)
    await publishText(this.dir.temp, this.dir.summary, `${JSON.stringify(summary, null, 1)}\n`)
    await publishText(
      this.dir.temp,
      this.dir.metrics,
      `${JSON.stringify(performanceMetrics(this.recipe, m, wall, this.peakRss, process.cpuUsage(this.cpuAtStart)), null, 1)}\n`
    )
    await publishText(
      this.dir.temp,
      this.dir.finalReport,
      `${JSON.stringify(
        {
          job_id: m.job_id,
          status,
          partitions: m.partitions.map((p, id) => ({
            partition_id: id,
            source: { file: this.plan.inputs[this.plan.partitions[id]!.input]!.path, slice: this.plan.partitions[id]!.slice },
            status: p.status,
            rows_in: this.plan.partitions[id]!.rows,
            rows_out: p.result?.rows ?? null,
            result: p.result?.path ?? null,
            bad_records: p.errors_file?.path ?? null
          })),
          export: m.export?.files ?? []
        },
        null,
        1
      )}\n`
    )
  }

  private sampleRss(): void {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage().rss)
  }

  async run(): Promise<JobOutcome> {
    let ticks = 0
    this.rssTimer = setInterval(() => {
      this.sampleRss()
      if (++ticks % 20 === 0) {
        const memory = process.memoryUsage()
        const cpu = process.cpuUsage(this.cpuAtStart)
        this.event('resource_usage', `memory ${Math.round(memory.rss / (1 << 20))} MB, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`, {
          metadata: {
            rss_mb: Math.round(memory.rss / (1 << 20)),
            peak_rss_mb: Math.round(this.peakRss / (1 << 20)),
            cpu_user_s: cpu.user / 1e6,
            cpu_system_s: cpu.system / 1e6,
            running_partitions: this.running.size
          }
        })
      }
    }, 500)
    this.rssTimer.unref()
    let outcome: JobOutcome | undefined
    let failure: unknown
    try {
      outcome = await this.runStages()
    } catch (err) {
      failure = err
    }
    if (this.fatal !== undefined) return this.finish('failed', `${this.fatal.message} Resume the job once that is fixed.`)
    if (outcome !== undefined) return outcome
    if (this.cancelled) return this.finish('interrupted', 'The job was interrupted; resume it to continue.')
    return this.finish('failed', failure instanceof Error ? failure.message : String(failure))
  }

  private async runStages(): Promise<JobOutcome> {
    await clearTemp(this.dir)
    await mkdir(this.dir.temp, { recursive: true })
    if (this.resuming !== undefined) {
      this.event('job_restart', `resuming ${this.plan.partitions.length} partition(s) from the manifest`)
      await this.verifyManifest()
    } else {
      this.event(
        'job_start',
        `${this.plan.partitions.length} partition(s), ${this.plan.total_rows} rows, ${this.recipe.process.length} operator(s), ${this.recipe.np} worker(s)`,
        {
          input_rows: this.plan.total_rows
        }
      )
    }
    this.progress(true)
    const stages = this.plan.stages
    for (const [s, stage] of stages.entries()) {
      for (let d = 0; d < s; d++) await this.loadDecision(stages[d]!.dedup!)
      const todo = this.manifest.partitions.flatMap((p, id) => (p.stage === s && p.status !== 'done' ? [id] : []))
      await this.runStage(todo, s)
      if (this.cancelled) {
        if (this.fatal !== undefined) throw this.fatal
        return this.finish('interrupted', 'The job was interrupted; resume it to continue.')
      }
      const failed = this.manifest.partitions.filter((p) => p.status === 'failed').length
      if (stage.dedup !== null) {
        if (failed > 0) {
          return this.finish(
            'completed_with_failures',
            `${failed} partition(s) failed before ${this.recipe.process[stage.dedup]!.name}, which needs every partition; fix the cause and resume to finish.`
          )
        }
        if (this.manifest.dedup[String(stage.dedup)] === undefined) {
          const boundaries = this.manifest.partitions.map((p, id) => ({
            partition: id,
            checkpoint: p.checkpoints.find((c) => c.op_index === stage.dedup)!
          }))
          const started = Date.now()
          const record = await this.pool()[0]!.run(
            'dedup',
            { workDir: this.dir.root, opIndex: stage.dedup, op: this.recipe.process[stage.dedup]!, textKey: this.recipe.text_keys[0]!, boundaries },
            'The deduplication step'
          )
          this.manifest.dedup[String(stage.dedup)] = record
          await this.save()
          this.event('dedup_decision', `${this.recipe.process[stage.dedup]!.name}: ${record.dropped} row(s) dropped across all partitions`, {
            operation_name: this.recipe.process[stage.dedup]!.name,
            operation_idx: stage.dedup,
            output_rows: record.dropped,
            duration: (Date.now() - started) / 1000
          })
        }
      }
    }
    const failed = this.manifest.partitions.filter((p) => p.status === 'failed')
    if (failed.length > 0) {
      return this.finish(
        'completed_with_failures',
        `${failed.length} of ${this.manifest.partitions.length} partition(s) failed; the export waits until 'sieve resume' completes them.`
      )
    }
    const exportFiles = await this.exportIfNeeded()
    const rows = exportFiles.reduce((n, f) => n + f.rows, 0)
    return this.finish(
      'completed',
      `${rows} rows exported to ${exportFiles.length === 1 ? exportFiles[0]!.path : `${exportFiles.length} files`}`,
      exportFiles
    )
  }

  /**
   * Once the export is published, checkpoints have nothing left to protect: without
   * preserve_intermediate_data they go (the manifest forgets them first). Until then they stay,
   * stage boundaries included, so a lost dedup decision can always be made again.
   */
  private async removeCheckpoints(): Promise<void> {
    if (this.recipe.preserve_intermediate_data || !this.recipe.checkpoint.cleanup_old_checkpoints) return
    const old = this.manifest.partitions.map((p) => p.checkpoints)
    for (const p of this.manifest.partitions) p.checkpoints = []
    await this.save()
    for (const [id, records] of old.entries()) {
      for (const c of records) await rm(join(this.dir.root, c.path), { force: true })
      await removeCheckpointDir(this.dir, id)
    }
  }

  private async exportIfNeeded(): Promise<FileRecord[]> {
    if (this.manifest.export?.complete === true) return this.manifest.export.files
    const previous = this.manifest.export?.files ?? []
    this.event('export_start', `exporting to ${this.recipe.export_path}`)
    const started = Date.now()
    const files = await this.pool()[0]!.run(
      'export',
      {
        workDir: this.dir.root,
        exportPath: this.recipe.export_path,
        export: this.recipe.export,
        results: this.manifest.partitions.map((p) => p.result!),
        earlier: previous.map((f) => f.path),
        overwrite: this.options.force === true
      },
      'The export'
    )
    // Shards of an earlier export that this one did not overwrite would mislead: remove them.
    for (const old of previous) if (!files.some((f) => f.path === old.path)) await rm(old.path, { force: true })
    this.manifest.export = { complete: true, files }
    await this.save()
    await this.removeCheckpoints()
    this.event('export_complete', `${files.length} file(s), ${files.reduce((n, f) => n + f.rows, 0)} rows`, {
      output_path: this.recipe.export_path,
      output_rows: files.reduce((n, f) => n + f.rows, 0),
      duration: (Date.now() - started) / 1000
    })
    return files
  }
}
