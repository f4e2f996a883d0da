import { EngineWorker, type EngineWorkerOptions } from './worker-client'
import type { TaskMessage, TaskName, TaskInput, TaskOutput } from './worker-protocol'

/** Tasks of a deep validation: it decodes on purpose what may crash a decoder. */
const VALIDATION_TASKS: ReadonlySet<TaskName> = new Set(['checkPages', 'decodeRowGroup'])

/**
 * The engine behind the app's interactive reads, on three threads. Previews run on their own: a
 * heavy preview (every operator over a thousand rows) must never hold up inspecting or paging.
 * Validation runs on its own: a corrupt file that crashes the thread paging its rows must not
 * fail the check running beside it (a crash fails every task of its thread), nor the other way round.
 */
export class InteractiveEngine extends EngineWorker {
  private readonly previews: EngineWorker
  private readonly validations: EngineWorker

  constructor(options: EngineWorkerOptions) {
    super(options)
    this.previews = new EngineWorker(options)
    this.validations = new EngineWorker(options)
  }

  override run<T extends TaskName>(
    task: T,
    input: TaskInput<T>,
    describe: string,
    onMessage?: (message: TaskMessage<T>) => void
  ): Promise<TaskOutput<T>> {
    const engine = task === 'preview' ? this.previews : VALIDATION_TASKS.has(task) ? this.validations : undefined
    return engine !== undefined ? engine.run(task, input, describe, onMessage) : super.run(task, input, describe, onMessage)
  }

  override async close(): Promise<void> {
    await Promise.all([super.close(), this.previews.close(), this.validations.close()])
  }
}
