import type { StateCreator } from 'zustand'
import type { JobSummary } from '../../../shared/jobs'
import type { ApiErrorShape } from '../../../shared/errors'
import type { Store } from '.'

export interface JobSlice {
  job: { status: 'closed' } | { status: 'loading'; workDir: string } | { status: 'ready'; summary: JobSummary } | { status: 'error'; workDir: string; error: ApiErrorShape }
}

export const createJobSlice: StateCreator<Store, [], [], JobSlice> = () => ({
  job: { status: 'closed' }
})
