import type { JobDetails, JobSummary } from '../../../../shared/jobs'
import type { ApiErrorShape } from '../../../../shared/errors'

export interface JobSlice {
  /** The job open in the monitor (and, once it ended, its report). */
  job:
    | { status: 'closed' }
    | { status: 'loading'; workDir: string }
    | { status: 'ready'; details: JobDetails; /** Why the last reread failed; the details shown are from before it. */ refreshError?: string }
    | { status: 'error'; workDir: string; error: ApiErrorShape }
  /** Every known job, for the home view. */
  jobs: { status: 'loading' } | { status: 'ready'; list: JobSummary[] } | { status: 'error'; error: ApiErrorShape }
}

/** The slice's state when the window opens. */
export const createJobSlice = (): JobSlice => ({
  job: { status: 'closed' },
  jobs: { status: 'loading' }
})
