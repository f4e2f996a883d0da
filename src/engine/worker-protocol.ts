import type { InspectResult } from '../shared/dataset'
import type { ApiErrorShape } from '../shared/errors'

/** Work the engine does off the caller's thread. */
export interface WorkerTasks {
  inspect: { input: { path: string; rows: number }; output: InspectResult }
}

export type TaskName = keyof WorkerTasks

export interface TaskRequest<T extends TaskName = TaskName> {
  id: number
  task: T
  input: WorkerTasks[T]['input']
}

export type WorkerMessage = TaskReply | { ready: true }

export type TaskReply =
  | { id: number; ok: true; output: WorkerTasks[TaskName]['output'] }
  | { id: number; ok: false; error: ApiErrorShape }
