export type JobStatus = 'running' | 'completed' | 'completed_with_failures' | 'failed' | 'interrupted'

export interface PublishedChunk {
  path: string
  rows: number
  bytes: number
}

/** A job as its work directory tells it. */
export interface JobSummary {
  workDir: string
  jobId: string
  projectName: string
  status: JobStatus
  startedAt: string
  finishedAt: string | null
  rowsPlanned: number
  rowsOut: number
  badRecords: number
  partitions: { id: number; status: 'pending' | 'running' | 'done' | 'failed'; rowsIn: number; result?: PublishedChunk; error?: string }[]
  exportFiles: PublishedChunk[]
}
