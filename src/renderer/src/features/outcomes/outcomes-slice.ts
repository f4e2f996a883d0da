import type { JobOutcomes } from '../../../../shared/analysis'
import type { ApiErrorShape } from '../../../../shared/errors'

/**
 * What each filter of the open job kept and dropped: not asked for, being merged, shown, or why not.
 * `key` names the run it is of (work directory and end): a job resumed and ended again is asked anew.
 */
export type OutcomesState =
  | { status: 'none' }
  | { status: 'loading'; key: string; workDir: string }
  | { status: 'ready'; key: string; outcomes: JobOutcomes }
  | { status: 'error'; key: string; workDir: string; error: ApiErrorShape }

export interface OutcomesSlice {
  filterOutcomes: OutcomesState
}

/** The slice's state when the window opens. */
export const createOutcomesSlice = (): OutcomesSlice => ({
  filterOutcomes: { status: 'none' }
})

/** The key of a job's outcomes as it ended: another end (after a resume) is another set of outcomes. */
export function outcomesKey(workDir: string, finishedAt: string | null): string {
  return JSON.stringify([workDir, finishedAt])
}
