import { resolve } from 'node:path'
import { SieveError } from '../../shared/errors'
import { isJobEndEvent } from '../../shared/jobs'
import type { Recipe } from '../../shared/recipe'
import {
  analysisDir,
  Job,
  openAnalysis,
  loadRecipe,
  readRecipe,
  recipeFileName,
  withExportPath,
  WorkDir,
  type JobEvent,
  type JobOptions,
  type JobOutcome,
  type JobProgress,
  type Manifest
} from '../../engine'

/** Where the jobs a service runs report to: the window's events, or a terminal. */
export interface JobListener {
  onEvent(workDir: string, event: JobEvent): void
  onProgress(workDir: string, progress: JobProgress): void
  /** A job was started or resumed in `workDir`. */
  onLaunch?(workDir: string): void
}

/** What a caller may set over a recipe's own values. */
export interface JobSettings {
  workDir?: string
  exportPath?: string
  np?: number
  /** Clears a work directory that already holds a job. */
  force?: boolean
  /** Replaces an existing output that is not this job's; unset, `force` decides. */
  replaceOutput?: boolean
}

export interface StartJob extends JobSettings {
  yaml: string
  baseDir: string
  /** The file the recipe was read from or saved to: a recipe without project_name names its job after it. */
  recipePath?: string
}

/** How a job ended: its outcome and the manifest it ended with. */
export interface JobEnd {
  outcome: JobOutcome
  manifest: Manifest
}

export interface LaunchedJob {
  workDir: string
  jobId: string
  /** Settles once the job has ended and closed its workers. */
  ended: Promise<JobEnd>
}

/**
 * The jobs a backend or the CLI runs: each in this process (its partitions in worker threads),
 * reporting progress and events to its listener.
 */
export class JobsService {
  private readonly running = new Map<string, Job>()
  private readonly runs = new Map<string, Promise<JobEnd>>()
  /** Jobs that have emitted their final event and are only closing their workers; a new start waits for them. */
  private readonly closing = new Set<string>()

  constructor(
    private readonly workerPath: string,
    private readonly listener: JobListener,
    /** The model store jobs load their operators' model files from (default: SIEVE_HOME's). */
    private readonly modelDir?: string
  ) {}

  private launch(job: Job): LaunchedJob {
    const workDir = job.workDir
    this.running.set(workDir, job)
    this.listener.onLaunch?.(workDir)
    const ended = job
      .run()
      .then((outcome) => ({ outcome, manifest: job.manifest }))
      .finally(() => {
        this.running.delete(workDir)
        this.runs.delete(workDir)
        this.closing.delete(workDir)
      })
    this.runs.set(workDir, ended)
    return { workDir, jobId: job.manifest.job_id, ended }
  }

  /** Refuses a work directory whose job is running; one that has ended but is still closing is waited for. */
  private async whenFree(workDir: string, refusal: string): Promise<void> {
    if (!this.running.has(workDir)) return
    if (!this.closing.has(workDir)) throw new SieveError('BAD_REQUEST', refusal, { workDir })
    await this.runs.get(workDir)
  }

  private options(workDir: string): JobOptions {
    return {
      workerPath: this.workerPath,
      ...(this.modelDir !== undefined ? { modelDir: this.modelDir } : {}),
      onEvent: (event) => {
        if (isJobEndEvent(event.event_type)) this.closing.add(workDir)
        this.listener.onEvent(workDir, event)
      },
      onProgress: (progress) => this.listener.onProgress(workDir, progress)
    }
  }

  /** Starts a job for the recipe given as YAML text (relative paths taken from `baseDir`). */
  async start(request: StartJob): Promise<LaunchedJob> {
    const name = request.recipePath !== undefined ? recipeFileName(request.recipePath) : undefined
    const { recipe, notes } = await readRecipe(request.yaml, request.baseDir, 'recipe', name)
    return this.startRecipe(recipe, request, notes)
  }

  /** Starts a job for a parsed recipe, with the caller's settings over the recipe's own; `notes` are what reading it noted. */
  async startRecipe(recipe: Recipe, settings: JobSettings, notes: string[] = []): Promise<LaunchedJob> {
    if (settings.exportPath !== undefined) withExportPath(recipe, resolve(settings.exportPath))
    if (settings.workDir !== undefined) recipe.work_dir = resolve(settings.workDir)
    if (settings.np !== undefined) recipe.np = settings.np
    await this.whenFree(recipe.work_dir, `${recipe.work_dir} is running; cancel it or choose another work directory.`)
    const job = await Job.create(recipe, {
      ...this.options(recipe.work_dir),
      notes,
      force: settings.force ?? false,
      ...(settings.replaceOutput !== undefined ? { replaceOutput: settings.replaceOutput } : {})
    })
    return this.launch(job)
  }

  /** Starts (or continues, or reuses when done) the analysis of a recipe's dataset, in `analysis/` of its work directory. */
  async startAnalysis(recipe: Recipe, settings: Pick<JobSettings, 'workDir' | 'np'>, notes: string[] = []): Promise<LaunchedJob> {
    if (settings.workDir !== undefined) recipe.work_dir = resolve(settings.workDir)
    if (settings.np !== undefined) recipe.np = settings.np
    const dir = analysisDir(recipe.work_dir)
    await this.whenFree(dir, `${dir} is being analyzed; cancel it or wait for it to finish.`)
    return this.launch(await openAnalysis(recipe, { ...this.options(dir), notes }))
  }

  async resume(workDir: string, force: boolean): Promise<LaunchedJob> {
    const dir = resolve(workDir)
    await this.whenFree(dir, `${dir} is already running.`)
    const job = await Job.open(dir, { ...this.options(dir), force })
    return this.launch(job)
  }

  /** Starts the job over from the recipe its work directory recorded, clearing what the last run left. */
  async restart(workDir: string): Promise<LaunchedJob> {
    const dir = new WorkDir(resolve(workDir))
    await this.whenFree(dir.root, `${dir.root} is running; cancel it before starting it fresh.`)
    const { recipe } = await loadRecipe(dir.recipe)
    recipe.work_dir = dir.root
    const job = await Job.create(recipe, { ...this.options(dir.root), force: true })
    return this.launch(job)
  }

  pause(workDir: string, paused: boolean): { paused: boolean } {
    const job = this.running.get(resolve(workDir))
    if (job === undefined) throw new SieveError('BAD_REQUEST', `${resolve(workDir)} is not running in this window's backend.`, { workDir })
    if (paused) job.pause()
    else job.resumeScheduling()
    return { paused: job.isPaused }
  }

  /** The user stops a job: it ends cancelled (and resumes like an interrupted one). */
  cancel(workDir: string): { cancelled: boolean } {
    const job = this.running.get(resolve(workDir))
    job?.cancel()
    return { cancelled: job !== undefined }
  }

  /** A job stops without the user asking in the window (Ctrl+C in a terminal, the service closing): it ends interrupted. */
  interrupt(workDir: string): void {
    this.running.get(resolve(workDir))?.interrupt()
  }

  isPaused(workDir: string): boolean {
    return this.running.get(resolve(workDir))?.isPaused ?? false
  }

  isRunning(workDir: string): boolean {
    return this.running.has(resolve(workDir))
  }

  /** How many of a running job's workers wait at its pause gate (0 when it is not running here). */
  heldAtPause(workDir: string): number {
    return this.running.get(resolve(workDir))?.heldAtPause ?? 0
  }

  async close(): Promise<void> {
    for (const job of this.running.values()) job.interrupt()
  }
}
