import { Worker } from 'node:worker_threads'
import { SieveError } from '../shared/errors'
import type { HostMessage, TaskName, WorkerMessage, WorkerTasks } from './worker-protocol'

/** How long a closing worker may take to reach a safe point before it is terminated anyway. */
const STOP_GRACE_MS = 10_000
/** A worker's JavaScript heap limit unless the caller sets one. */
const DEFAULT_HEAP_MB = 4096

export interface EngineWorkerOptions {
  /** The bundled worker entry (electron-vite's `?modulePath`), or worker.ts with a TypeScript loader. */
  workerPath: string
  execArgv?: string[]
  /** A task that takes longer is abandoned and its worker replaced. Every caller states it: no default hides a limit. */
  timeoutMs: number | 'none'
  maxOldGenerationSizeMb?: number
}

interface Pending {
  onMessage?: (message: unknown) => void
  resolve: (value: unknown) => void
  reject: (err: SieveError) => void
  timer: NodeJS.Timeout | undefined
  describe: string
}

/**
 * One engine worker thread. A task that crashes the thread (a decoder panic, out of memory) or
 * runs past its time limit fails alone with a clear error; the next task gets a fresh thread.
 */
export class EngineWorker {
  private worker: Worker | undefined
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private closing: Promise<void> | undefined

  constructor(private readonly options: EngineWorkerOptions) {}

  /**
   * Runs one task. `onMessage` receives what the task reports on the way (progress, files it
   * published); a task without a time limit (`timeoutMs: 'none'`) runs as long as it needs.
   */
  run<T extends TaskName>(
    task: T,
    input: WorkerTasks[T]['input'],
    describe: string,
    onMessage?: (message: WorkerTasks[T]['message']) => void
  ): Promise<WorkerTasks[T]['output']> {
    const worker = this.ensureWorker()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timeoutMs = this.options.timeoutMs
      const timer =
        timeoutMs !== 'none'
          ? setTimeout(() => {
              this.fail(new SieveError('TIMEOUT', `${describe} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`), id)
            }, timeoutMs)
          : undefined
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        timer,
        describe,
        ...(onMessage !== undefined ? { onMessage: onMessage as (m: unknown) => void } : {})
      })
      worker.postMessage({ id, task, input } satisfies HostMessage)
    })
  }

  /**
   * Stops the thread. Its tasks fail at once; the thread itself is asked to stop at its next
   * safe point and waited for, because terminating it while a file is being closed aborts the
   * whole process (a Node assertion in FileHandle::ClosePromise). One stuck past the grace
   * period is terminated.
   */
  close(): Promise<void> {
    const worker = this.worker
    this.worker = undefined
    const busy = this.pending.size > 0
    for (const [id] of this.pending) this.settle(id)?.reject(new SieveError('INTERNAL', 'The engine worker was closed.'))
    if (worker === undefined) return this.closing ?? Promise.resolve()
    if (!busy) {
      this.closing = worker.terminate().then(() => undefined)
      return this.closing
    }
    this.closing = new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate(), STOP_GRACE_MS)
      worker.once('exit', () => {
        clearTimeout(timer)
        resolve()
      })
      worker.postMessage({ stop: true } satisfies HostMessage)
    })
    return this.closing
  }

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker
    const worker = new Worker(this.options.workerPath, {
      execArgv: this.options.execArgv ?? [],
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxOldGenerationSizeMb ?? DEFAULT_HEAP_MB }
    })
    worker.unref()
    let ready = false
    worker.on('message', (reply: WorkerMessage) => {
      if ('ready' in reply) {
        ready = true
        return
      }
      if ('message' in reply) {
        this.pending.get(reply.id)?.onMessage?.(reply.message)
        return
      }
      const pending = this.settle(reply.id)
      if (pending === undefined) return
      if (reply.ok) pending.resolve(reply.output)
      else pending.reject(new SieveError(reply.error.code, reply.error.message, reply.error.details))
    })
    worker.on('error', (err) => this.crashed(worker, err, ready))
    worker.on('exit', (code) => this.crashed(worker, new Error(`the worker exited with code ${code}`), ready))
    this.worker = worker
    return worker
  }

  private crashed(worker: Worker, err: Error, ready: boolean): void {
    if (this.worker !== worker) return
    this.worker = undefined
    const reason = err.message.replace(/\s+/g, ' ').trim()
    // Node's code for a thread stopped at its heap limit: the data may be fine, the limit too low.
    const outOfMemory = (err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
    const limitMb = this.options.maxOldGenerationSizeMb ?? DEFAULT_HEAP_MB
    // WebAssembly's RuntimeError is a decoder panic on bytes it could not make sense of; any
    // other crash (a TypeError, an exit) is a bug in Sieve and must not be blamed on the data.
    const decoderPanic = err.name === 'RuntimeError'
    const failure = (describe: string): SieveError => {
      if (outOfMemory)
        return new SieveError('OUT_OF_MEMORY', `${describe} failed: the engine worker ran out of memory (its limit is ${limitMb} MB).`, { reason })
      if (!ready) return new SieveError('INTERNAL', `${describe} failed: the engine worker could not start (${reason}).`, { reason })
      if (decoderPanic)
        return new SieveError('UNREADABLE', `${describe} failed: the data is corrupt and crashed the decoder (${reason}).`, { reason })
      return new SieveError('INTERNAL', `${describe} failed: the engine worker crashed (${reason}).`, { reason })
    }
    for (const [id, pending] of [...this.pending]) {
      this.settle(id)
      pending.reject(failure(pending.describe))
    }
  }

  /** Abandons one task whose thread may be stuck: the thread is replaced and its other tasks fail too. */
  private fail(err: SieveError, id: number): void {
    const worker = this.worker
    this.settle(id)?.reject(err)
    if (worker !== undefined) {
      this.worker = undefined
      for (const [otherId, pending] of [...this.pending]) {
        this.settle(otherId)
        pending.reject(new SieveError('TIMEOUT', `${pending.describe} was stopped with a task that hung.`))
      }
      void worker.terminate()
    }
  }

  private settle(id: number): Pending | undefined {
    const pending = this.pending.get(id)
    if (pending === undefined) return undefined
    if (pending.timer !== undefined) clearTimeout(pending.timer)
    this.pending.delete(id)
    return pending
  }
}
