import type { StateCreator } from 'zustand'
import type { JobSummary } from '../../../shared/jobs'
import type { ApiErrorShape } from '../../../shared/errors'
import type { Store } from '.'

export interface JobSlice {
  /** The run view, with the recipe it opened on. */
  run: { open: boolean; recipePath: string | null }
  job: { status: 'closed' } | { status: 'loading'; workDir: string } | { status: 'ready'; summary: JobSummary } | { status: 'error'; workDir: string; error: ApiErrorShape }
}

export const createJobSlice: StateCreator<Store, [], [], JobSlice> = () => ({
  run: { open: false, recipePath: null },
  job: { status: 'closed' }
})
