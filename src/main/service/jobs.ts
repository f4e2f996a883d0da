import { readFile } from 'node:fs/promises'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { SieveError } from '../../shared/errors'
import type { JobSummary } from '../../shared/jobs'
import { Job, type JobOptions, loadRecipe, parseRecipe, withExportPath, WorkDir, readJobSummary } from '../../engine'
import type { ApiEvents, EventName } from '../../shared/api'

export interface StartJob {
  yaml: string
  baseDir: string
  workDir?: string
  exportPath?: string
  np?: number
  /** Clears a work directory that already holds a job. */
  force?: boolean
}

/**
 * The jobs a backend runs: each in this process (its partitions in worker threads), reporting
 * progress and events to the window. The work directories it has seen are remembered in
 * `jobs.json`, so after a restart they are listed again — as interrupted when their process is gone.
 */
export class JobsService {
  private readonly running = new Map<string, Job>()
  private readonly runs = new Map<string, Promise<unknown>>()
  /** Jobs that have emitted their final event and are only closing their workers; a new start waits for them. */
  private readonly closing = new Set<string>()
  private known: string[] = []

  constructor(
    private readonly dataDir: string,
    private readonly workerPath: string,
    private readonly emit: <E extends EventName>(event: E, payload: ApiEvents[E]) => void
  ) {}

  private get registry(): string {
    return join(this.dataDir, 'jobs.json')
  }

  async init(): Promise<void> {
    try {
      this.known = JSON.parse(await readFile(this.registry, 'utf8')) as string[]
    } catch {
      this.known = []
    }
  }

  /**
   * A work directory opened in the window joins the list of known jobs. The list is written
   * beside its final name and renamed over it, so a crash mid-write never leaves half a list.
   */
  remember(workDir: string): void {
    this.known = [workDir, ...this.known.filter((w) => w !== workDir)]
    mkdirSync(dirname(this.registry), { recursive: true })
    const temp = `${this.registry}.${process.pid}.part`
    writeFileSync(temp, JSON.stringify(this.known))
    renameSync(temp, this.registry)
  }

  private launch(job: Job): void {
    const workDir = job.workDir
    this.running.set(workDir, job)
    this.remember(workDir)
    this.runs.set(
      workDir,
      job.run().finally(() => {
        this.running.delete(workDir)
        this.runs.delete(workDir)
        this.closing.delete(workDir)
      })
    )
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
      onEvent: (event) => {
        if (event.event_type === 'job_complete' || event.event_type === 'job_failed') this.closing.add(workDir)
        this.emit('job/event', { ...event, work_dir: workDir })
      },
      onProgress: (progress) => this.emit('job/progress', { ...progress, work_dir: workDir })
    }
  }

  async start(request: StartJob): Promise<{ workDir: string; jobId: string }> {
    const { recipe } = parseRecipe(request.yaml, request.baseDir, 'recipe')
    if (request.exportPath !== undefined) withExportPath(recipe, resolve(request.exportPath))
    if (request.workDir !== undefined) recipe.work_dir = resolve(request.workDir)
    if (request.np !== undefined) recipe.np = request.np
    await this.whenFree(recipe.work_dir, `${recipe.work_dir} is running; cancel it or choose another work directory.`)
    const job = await Job.create(recipe, { ...this.options(recipe.work_dir), force: request.force ?? false })
    this.launch(job)
    return { workDir: job.workDir, jobId: job.manifest.job_id }
  }

  async resume(workDir: string, force: boolean): Promise<{ workDir: string; jobId: string }> {
    const dir = resolve(workDir)
    await this.whenFree(dir, `${dir} is already running.`)
    const job = await Job.open(dir, { ...this.options(dir), force })
    this.launch(job)
    return { workDir: job.workDir, jobId: job.manifest.job_id }
  }

  /** Starts the job over from the recipe its work directory recorded, clearing what the last run left. */
  async restart(workDir: string): Promise<{ workDir: string; jobId: string }> {
    const dir = new WorkDir(resolve(workDir))
    await this.whenFree(dir.root, `${dir.root} is running; cancel it before starting it fresh.`)
    const { recipe } = await loadRecipe(dir.recipe)
    recipe.work_dir = dir.root
    const job = await Job.create(recipe, { ...this.options(dir.root), force: true })
    this.launch(job)
    return { workDir: job.workDir, jobId: job.manifest.job_id }
  }

  pause(workDir: string, paused: boolean): { paused: boolean } {
    const job = this.running.get(resolve(workDir))
    if (job === undefined) throw new SieveError('BAD_REQUEST', `${resolve(workDir)} is not running in this window's backend.`, { workDir })
    if (paused) job.pause()
    else job.resumeScheduling()
    return { paused: job.isPaused }
  }

  cancel(workDir: string): { cancelled: boolean } {
    const job = this.running.get(resolve(workDir))
    job?.cancel()
    return { cancelled: job !== undefined }
  }

  isRunning(workDir: string): boolean {
    return this.running.has(resolve(workDir))
  }

  /** How many of a running job's workers wait at its pause gate (0 when it is not running here). */
  heldAtPause(workDir: string): number {
    return this.running.get(resolve(workDir))?.heldAtPause ?? 0
  }

  async list(): Promise<JobSummary[]> {
    const out: JobSummary[] = []
    for (const workDir of this.known) {
      try {
        out.push(await readJobSummary(workDir))
      } catch {
        // A work directory that was deleted is simply not listed.
      }
    }
    return out
  }

  async close(): Promise<void> {
    for (const job of this.running.values()) job.cancel()
  }
}
