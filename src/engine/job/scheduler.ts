import { SieveError, type ErrorCode } from '../../shared/errors'
import type { Recipe } from '../../shared/recipe'
import { EngineWorker } from '../worker-client'
import { PauseClock } from './pause-clock'
import { workerCount } from './workers'

/** Errors that come from the data or the recipe, not the machine: a retry would fail the same way. */
const WOULD_FAIL_AGAIN = new Set<ErrorCode>(['BAD_REQUEST', 'MALFORMED', 'NOT_UTF8', 'LINE_TOO_LONG', 'UNKNOWN_FORMAT', 'EMPTY_FILE', 'ENCRYPTED'])

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** A failed attempt, and what the retry policy makes of it. */
export interface Failure {
  message: string
  /** The same data and recipe would fail the same way: no retry. */
  wouldFailAgain: boolean
  /** Retries left after this attempt; none left, the partition has failed. */
  retriesLeft: number
  /** How long before the next attempt. */
  backoff: number
}

/** How a stage runs its partitions: the scheduler decides when, and whether to try again. */
export interface StageRun {
  /**
   * Starts one attempt at the partition's stage, to settle when it ends (rejected: it failed). It
   * throws at once when the attempt cannot start at all: that is the job's failure, not a retry's.
   */
  attempt(worker: EngineWorker, id: number): Promise<void>
  /** Attempts at the partition's current stage, the last one included. */
  attempts(id: number): number
  /** The job was cancelled while the attempt ran. */
  interrupted(id: number): void
  /** The attempt failed: report it and record whether the partition waits for a retry or has failed. */
  failed(id: number, failure: Failure): Promise<void>
}

export interface SchedulerOptions {
  /** The engine worker entry: the bundled chunk, or the TypeScript bootstrap in tests. */
  workerPath: string
  execArgv?: string[]
  /** Called when the job pauses or continues, and when a partition attempt ends while it is paused. */
  onPauseChange: () => void
}

/**
 * Runs a job's partitions over a pool of worker threads, lowest id first, retrying a failed one
 * with exponential backoff unless its error would certainly recur; pauses between partitions and
 * stops on cancel, or on a failure of the job itself.
 */
export class Scheduler {
  private readonly workers: EngineWorker[] = []
  private stopped = false
  /** A failure of the job itself (the manifest cannot be written): it stops everything. */
  private failure: Error | undefined
  private paused = false
  private resumeWaiters: (() => void)[] = []
  /** Time paused with nothing running, which a run's active time leaves out. */
  readonly pauseClock = new PauseClock()

  constructor(
    private readonly recipe: Recipe,
    private readonly options: SchedulerOptions
  ) {}

  get cancelled(): boolean {
    return this.stopped
  }

  get fatal(): Error | undefined {
    return this.failure
  }

  cancel(): void {
    this.stopped = true
    this.resumeScheduling()
    for (const w of this.workers) void w.close()
  }

  /** The job cannot go on safely: everything stops, and the job ends failed with this error. */
  stopWith(err: unknown): void {
    this.failure ??= err instanceof Error ? err : new Error(String(err))
    this.cancel()
  }

  pause(): void {
    this.paused = true
    this.pauseClock.setPaused(true)
    this.options.onPauseChange()
  }

  resumeScheduling(): void {
    this.paused = false
    this.pauseClock.setPaused(false)
    for (const wake of this.resumeWaiters.splice(0)) wake()
    this.options.onPauseChange()
  }

  get isPaused(): boolean {
    return this.paused
  }

  /** Workers waiting at the pause gate: when all are, no partition can start until the job continues. */
  get heldAtPause(): number {
    return this.resumeWaiters.length
  }

  private pool(): EngineWorker[] {
    if (this.workers.length === 0) {
      for (let i = 0; i < workerCount(this.recipe.np); i++) {
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

  /** A worker for a task of the whole job (a decision, the export). */
  worker(): EngineWorker {
    return this.pool()[0]!
  }

  /** Runs partitions over the pool, lowest id first: each worker takes the next one when free. */
  async runStage(ids: number[], run: StageRun): Promise<void> {
    const queue = [...ids]
    await Promise.all(
      this.pool().map(async (worker) => {
        for (let id = queue.shift(); id !== undefined && !this.stopped; id = queue.shift()) {
          await this.runPartition(worker, id, run)
        }
      })
    )
  }

  private async waitIfPaused(): Promise<void> {
    while (this.paused && !this.stopped) await new Promise<void>((resolve) => this.resumeWaiters.push(resolve))
  }

  /** One partition through one stage, retried with exponential backoff unless the error would certainly recur. */
  private async runPartition(worker: EngineWorker, id: number, run: StageRun): Promise<void> {
    for (;;) {
      await this.waitIfPaused()
      if (this.stopped) return
      this.pauseClock.attemptStarted()
      const attempt = run.attempt(worker, id).finally(() => {
        this.pauseClock.attemptEnded()
        // Paused, the last running partitions finishing is the last change until Continue: it is reported at once.
        if (this.paused) this.options.onPauseChange()
      })
      try {
        await attempt
        return
      } catch (err) {
        if (this.stopped) {
          run.interrupted(id)
          return
        }
        const failure = this.failureOf(err, run.attempts(id))
        await run.failed(id, failure)
        if (failure.retriesLeft <= 0) return
        await sleep(failure.backoff)
      }
    }
  }

  private failureOf(err: unknown, attempts: number): Failure {
    const message =
      err instanceof SieveError && err.code === 'OUT_OF_MEMORY'
        ? `${err.message} Raise performance.memory_limit_gb or lower partition_size in the recipe.`
        : err instanceof Error
          ? err.message
          : String(err)
    const wouldFailAgain = err instanceof SieveError && WOULD_FAIL_AGAIN.has(err.code)
    return {
      message,
      wouldFailAgain,
      retriesLeft: wouldFailAgain ? 0 : this.recipe.max_retries - (attempts - 1),
      backoff: this.recipe.retry_backoff_ms * 2 ** (attempts - 1)
    }
  }

  /** Stops the worker threads; resolves once they have exited. */
  async close(): Promise<void> {
    for (const w of this.workers) await w.close()
  }
}
