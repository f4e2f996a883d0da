import type { JobOutcomes } from '../shared/analysis'
import type { InspectResult } from '../shared/dataset'
import type { ApiErrorShape } from '../shared/errors'
import type { Finding } from '../shared/parquet'
import type { PreviewResult } from '../shared/preview'
import type { MergeAnalysisInput } from './analysis/merge-task'
import type {
  DedupRecord,
  DedupTaskInput,
  ExportTaskInput,
  FileRecord,
  PartitionMessage,
  PartitionTaskInput,
  PartitionTaskOutput,
  PreviewInput
} from './task-types'

/** Work the engine does off the caller's thread. */
export interface WorkerTasks {
  inspect: { input: { path: string | string[]; rows: number }; output: InspectResult; message: never }
  partition: { input: PartitionTaskInput; output: PartitionTaskOutput; message: PartitionMessage }
  /** One partition of an analysis: its stats summed into a partial (analysis/analyze-task.ts). */
  analyze: { input: PartitionTaskInput; output: PartitionTaskOutput; message: PartitionMessage }
  mergeAnalysis: { input: MergeAnalysisInput; output: FileRecord[]; message: never }
  /** A run's filter outcomes, merged from its partitions' (analysis/outcomes.ts). */
  outcomes: { input: { workDir: string }; output: JobOutcomes; message: never }
  dedup: { input: DedupTaskInput; output: DedupRecord; message: never }
  export: { input: ExportTaskInput; output: FileRecord[]; message: never }
  decodeRowGroup: { input: { path: string; rowGroup: number }; output: Finding[]; message: never }
  checkPages: { input: { path: string; rowGroup: number }; output: Finding[]; message: never }
  readPage: { input: { path: string; offset: number; limit: number }; output: Uint8Array; message: never }
  preview: { input: PreviewInput; output: PreviewResult; message: never }
}

export type TaskName = keyof WorkerTasks
export type TaskInput<K extends TaskName> = WorkerTasks[K]['input']
export type TaskOutput<K extends TaskName> = WorkerTasks[K]['output']
export type TaskMessage<K extends TaskName> = WorkerTasks[K]['message']

export interface TaskRequest<T extends TaskName = TaskName> {
  id: number
  task: T
  input: WorkerTasks[T]['input']
}

/** What the host sends: a task, or a request to stop once the running tasks reach a safe point. */
export type HostMessage = TaskRequest | { stop: true }

export type TaskReply = { id: number; ok: true; output: WorkerTasks[TaskName]['output'] } | { id: number; ok: false; error: ApiErrorShape }

export type WorkerMessage = TaskReply | { ready: true } | { id: number; message: WorkerTasks[TaskName]['message'] }
