import { mkdir } from 'node:fs/promises'
import type { Recipe } from '../../shared/recipe'
import type { JobProgress } from '../../shared/jobs'
import type { JobEvent, EventType } from '../log/events'
import type { FileRecord, JobStatus, Manifest } from './manifest'
import type { Plan } from './plan'
import { verify } from './verify'
import { clearTemp } from './work-dir'
import { reconcile } from './reconcile'
import { createJob, reopenJob, type JobKind, type OpenedJob } from './job-open'
import type { JobState } from './job-state'
import { Reporter } from './reporter'
import { workerCapNote, workerCount } from './workers'
import { Scheduler } from './scheduler'
import { PartitionRunner } from './partition-run'
import { DatasetSteps } from './dataset-steps'
import { findModels } from '../models/needs'
import { ModelStore, modelStoreDir } from '../models/store'

export type { JobProgress } from '../../shared/jobs'

export interface JobOptions {
  /** The engine worker entry: the bundled chunk, or the TypeScript bootstrap in tests. */
  workerPath: string
  execArgv?: string[]
  onEvent?: (event: JobEvent) => void
  onProgress?: (progress: JobProgress) => void
  /** Resume even though the inputs or the recipe changed since the plan; on a new job, clear the work directory's job. */
  force?: boolean
  /**
   * Replace an existing output that is not this job's earlier export. Unset, `force` decides (the
   * CLI's --force does both); the window asks about the output on its own, so clearing a work
   * directory never overwrites someone else's file unasked.
   */
  replaceOutput?: boolean
  /** The model store operators load their model files from (default: SIEVE_HOME's, or ~/.sieve/models). */
  modelDir?: string
  /** A new job's kind (default: a run); a reopened job keeps the kind it was planned as. */
  kind?: JobKind
  /** What reading the recipe noted (keys ignored, settings one of two wins): logged as the job starts and returned in its outcome. */
  notes?: string[]
}

export interface JobOutcome {
  status: JobStatus
  workDir: string
  exportFiles: FileRecord[]
  failed: { partition: number; error: string }[]
  message: string
  /** The recipe's notes and the job's own (np capped at the machine's cores), as logged when it started. */
  notes: string[]
}

const INTERRUPTED = 'The job was interrupted; resume it to continue.'
const CANCELLED = 'The job was cancelled; what it finished is kept, and resuming it continues from there.'

/**
 * A job: plans (or reopens) a work directory, runs every partition through the stages in a pool
 * of worker threads with retries, makes the global dedup decisions, exports, and keeps the
 * manifest — the only thing resume trusts — up to date at every step.
 */
export class Job {
  readonly recipe: Recipe
  readonly plan: Plan
  private readonly state: JobState
  private readonly resuming: OpenedJob['resuming']
  private readonly releaseLock: () => void
  private readonly scheduler: Scheduler
  private readonly reporter: Reporter
  private readonly runner: PartitionRunner
  private readonly steps: DatasetSteps
  private finishing: Promise<JobOutcome> | undefined
  /** Set when the user asked the job to stop (Cancel), rather than its process going away. */
  private cancelledByUser = false
  private readonly partitionChoice: string | undefined
  private readonly recipeNotes: string[]
  private readonly notes: string[]

  private constructor(opened: OpenedJob, options: JobOptions) {
    this.recipe = opened.recipe
    this.state = opened.state
    this.plan = opened.state.plan
    this.resuming = opened.resuming
    this.partitionChoice = opened.partitionChoice
    this.recipeNotes = options.notes ?? []
    this.notes = [...this.recipeNotes, ...workerCapNote(this.recipe.np)]
    this.releaseLock = opened.releaseLock
    this.scheduler = new Scheduler(this.recipe, {
      workerPath: options.workerPath,
      ...(options.execArgv !== undefined ? { execArgv: options.execArgv } : {}),
      onPauseChange: () => this.reporter.progress(true)
    })
    this.reporter = new Reporter(this.recipe, this.state, {
      ...(options.onEvent !== undefined ? { onEvent: options.onEvent } : {}),
      ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
      isPaused: () => this.scheduler.isPaused,
      idleMillis: () => this.scheduler.pauseClock.idleMillis
    })
    this.runner = new PartitionRunner(this.recipe, this.state, this.reporter, {
      save: (partition) => this.save({ partition }),
      stopWith: (err) => this.scheduler.stopWith(err),
      resuming: this.resuming !== undefined
    })
    const replaceOutput = options.replaceOutput ?? options.force === true
    this.steps = new DatasetSteps(this.recipe, this.state, this.scheduler, this.reporter, () => this.save(), replaceOutput)
  }

  get manifest(): Manifest {
    return this.state.manifest
  }

  get workDir(): string {
    return this.state.dir.root
  }

  /** Plans a new job. A work directory that already holds a job is refused unless `force` clears it. */
  static async create(recipe: Recipe, options: JobOptions): Promise<Job> {
    findModels(recipe.process, new ModelStore(options.modelDir ?? modelStoreDir()))
    const force = options.force === true
    return Job.holding(await createJob(recipe, force, options.replaceOutput ?? force, options.kind), options)
  }

  /** Reopens a work directory from its manifest, refusing if the inputs or the recipe changed. */
  static async open(workDir: string, options: JobOptions): Promise<Job> {
    return Job.holding(await reopenJob(workDir, options.force === true), options)
  }

  /** The job over an opened state; if it cannot be set up (its event log's folder), the lock is released. */
  private static holding(opened: OpenedJob, options: JobOptions): Job {
    try {
      // A resumed job's models are looked for again: the store may have changed since it started.
      if (opened.resuming !== undefined) findModels(opened.recipe.process, new ModelStore(options.modelDir ?? modelStoreDir()))
      return new Job(opened, options)
    } catch (err) {
      opened.releaseLock()
      throw err
    }
  }

  /** The user asks the job to stop: it ends `cancelled`, and resumes like an interrupted one. */
  cancel(): void {
    this.cancelledByUser = true
    this.scheduler.cancel()
  }

  /** The job has to stop without being asked (its process shuts down, Ctrl+C in a terminal): it ends `interrupted`. */
  interrupt(): void {
    this.scheduler.cancel()
  }

  /** How a stop that nothing failed ends. */
  private stopped(): Promise<JobOutcome> {
    return this.cancelledByUser ? this.finish('cancelled', CANCELLED) : this.finish('interrupted', INTERRUPTED)
  }

  pause(): void {
    this.scheduler.pause()
  }

  resumeScheduling(): void {
    this.scheduler.resumeScheduling()
  }

  get isPaused(): boolean {
    return this.scheduler.isPaused
  }

  /** Workers waiting at the pause gate: when all are, no partition can start until the job continues. */
  get heldAtPause(): number {
    return this.scheduler.heldAtPause
  }

  /** Saves the manifest; if that fails the job cannot go on safely, so it stops (the last good manifest stays). */
  private async save(options: { partition?: number; final?: boolean } = {}): Promise<void> {
    try {
      await this.state.save(options)
    } catch (err) {
      this.scheduler.stopWith(err)
      throw err
    }
  }

  async run(): Promise<JobOutcome> {
    this.reporter.startSampling()
    let outcome: JobOutcome | undefined
    let failure: unknown
    try {
      outcome = await this.runStages()
    } catch (err) {
      failure = err
    }
    const fatal = this.scheduler.fatal
    if (fatal !== undefined) return this.finish('failed', `${fatal.message} Resume the job once that is fixed.`)
    if (outcome !== undefined) return outcome
    if (this.scheduler.cancelled) return this.stopped()
    return this.finish('failed', failure instanceof Error ? failure.message : String(failure))
  }

  private async runStages(): Promise<JobOutcome> {
    const { plan, recipe, manifest } = this
    await clearTemp(this.state.dir)
    await mkdir(this.state.dir.temp, { recursive: true })
    if (this.resuming !== undefined) {
      this.reporter.event('job_restart', `resuming ${plan.partitions.length} partition(s) from the manifest`)
      await this.reconcile(this.resuming.inputsChanged)
    } else {
      const operators = `${recipe.process.length} operator(s), ${workerCount(recipe.np)} worker(s)`
      this.reporter.event('job_start', `${plan.partitions.length} partition(s), ${plan.total_rows} rows, ${operators}`, {
        input_rows: plan.total_rows
      })
      if (this.partitionChoice !== undefined)
        this.reporter.event('job_start', this.partitionChoice, { metadata: { partition_size: recipe.partition_size } })
    }
    this.logNotes()
    this.reporter.progress(true)
    for (const [s, stage] of plan.stages.entries()) {
      for (let d = 0; d < s; d++) await this.runner.loadDecision(plan.stages[d]!.dedup!)
      const todo = manifest.partitions.flatMap((p, id) => (p.stage === s && p.status !== 'done' ? [id] : []))
      await this.scheduler.runStage(todo, this.runner.stage(s))
      if (this.scheduler.cancelled) {
        if (this.scheduler.fatal !== undefined) throw this.scheduler.fatal
        return this.stopped()
      }
      if (stage.dedup === null) continue
      const failed = manifest.partitions.filter((p) => p.status === 'failed').length
      if (failed > 0) {
        const needs = `${recipe.process[stage.dedup]!.name}, which needs every partition`
        return this.finish('completed_with_failures', `${failed} partition(s) failed before ${needs}; fix the cause and resume to finish.`)
      }
      await this.steps.decide(stage.dedup)
    }
    const failed = manifest.partitions.filter((p) => p.status === 'failed').length
    if (failed > 0) {
      const total = manifest.partitions.length
      return this.finish(
        'completed_with_failures',
        `${failed} of ${total} partition(s) failed; the export waits until 'sieve resume' completes them.`
      )
    }
    if (this.plan.kind === 'analysis') {
      const files = await this.steps.analyzeIfNeeded()
      return this.finish('completed', `${this.plan.total_rows} rows analyzed: ${files.map((f) => f.path).join(', ')}`, files)
    }
    const files = await this.steps.exportIfNeeded()
    const rows = files.reduce((n, f) => n + f.rows, 0)
    return this.finish('completed', `${rows} rows exported to ${files.length === 1 ? files[0]!.path : `${files.length} files`}`, files)
  }

  /** The notes in the event log, as warnings of the run's start (or restart); a recipe's are marked, as its reader has already shown them. */
  private logNotes(): void {
    const type: EventType = this.resuming !== undefined ? 'job_restart' : 'job_start'
    for (const note of this.recipeNotes) this.reporter.event(type, note, { metadata: { recipe_note: true } }, 'WARNING')
    for (const note of workerCapNote(this.recipe.np))
      this.reporter.event(type, note, { metadata: { workers: workerCount(this.recipe.np) } }, 'WARNING')
  }

  /** Checks every file the manifest claims; what fails is forgotten, so it is redone (reconcile decides, as the Resume dialog does). */
  private async reconcile(inputsChanged: boolean): Promise<void> {
    const root = this.workDir
    const { manifest, report } = await reconcile(this.plan, this.manifest, (record) => verify(root, record), inputsChanged)
    this.state.reconciled(manifest)
    const { warnings } = report
    for (const { message, ...fields } of warnings) this.reporter.event('checkpoint_error', message, fields, 'WARNING')
    await this.save()
  }

  /** Ends the job once: a later call (a failed final save also stops the job) gets the first call's outcome. */
  private finish(status: JobStatus, message: string, exportFiles: FileRecord[] = []): Promise<JobOutcome> {
    this.finishing ??= this.settle(status, message, exportFiles)
    return this.finishing
  }

  private async settle(status: JobStatus, message: string, exportFiles: FileRecord[]): Promise<JobOutcome> {
    this.reporter.stopSampling()
    const wall = this.reporter.elapsed
    // The end the manifest records is the end the wall time measures: one run time, wherever it is shown.
    this.state.ended(status, message, this.reporter.runStart + wall)
    // The reports first: whoever reads the manifest's final status then finds them too.
    await this.reporter.publishReports(status, wall)
    try {
      await this.save({ final: true })
    } catch (err) {
      // The manifest on disk still holds the last state saved, which resume trusts: this run did not finish.
      status = 'failed'
      // The cause first (a full disk says what to free), then what it means for this job.
      const cause = (err instanceof Error ? err.message : String(err)).replace(/\.?$/, '.')
      message = `${cause} The job's final state could not be saved to ${this.state.dir.manifest}; resume the job once that is fixed.`
      this.state.finalSaveFailed(message)
      await this.reporter.publishReports(status, wall)
    }
    const type: EventType = status === 'completed' ? 'job_complete' : status === 'cancelled' ? 'job_cancelled' : 'job_failed'
    const level = status === 'completed' || status === 'cancelled' ? 'INFO' : status === 'interrupted' ? 'WARNING' : 'ERROR'
    this.reporter.event(type, message, { duration: wall / 1000 }, level)
    this.reporter.progress(true)
    await this.scheduler.close()
    await this.reporter.flush()
    await clearTemp(this.state.dir)
    this.releaseLock()
    return {
      status,
      workDir: this.workDir,
      exportFiles,
      failed: this.manifest.partitions.flatMap((p, id) => (p.status === 'failed' ? [{ partition: id, error: p.error ?? 'failed' }] : [])),
      message,
      notes: this.notes
    }
  }
}
