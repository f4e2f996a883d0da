import { EngineWorker, type EngineWorkerOptions } from './worker-client'
import type { TaskMessage, TaskName, TaskInput, TaskOutput } from './worker-protocol'

/**
 * The engine behind the app's interactive reads. Previews run on a thread of their own: a heavy
 * preview (every operator over a thousand rows) must never hold up inspecting or paging, which
 * share the other thread.
 */
export class InteractiveEngine extends EngineWorker {
  private readonly previews: EngineWorker

  constructor(options: EngineWorkerOptions) {
    super(options)
    this.previews = new EngineWorker(options)
  }

  override run<T extends TaskName>(
    task: T,
    input: TaskInput<T>,
    describe: string,
    onMessage?: (message: TaskMessage<T>) => void
  ): Promise<TaskOutput<T>> {
    const engine = task === 'preview' ? this.previews : undefined
    return engine !== undefined ? engine.run(task, input, describe, onMessage) : super.run(task, input, describe, onMessage)
  }

  override async close(): Promise<void> {
    await Promise.all([super.close(), this.previews.close()])
  }
}
