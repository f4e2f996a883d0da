import { deps } from '../../app/deps'
import { asApiError } from '../../app/errors'
import { latest } from '../../app/latest'
import { useStore } from '../../app/store'
import { outcomesKey } from './outcomes-slice'

/** Only the newest request may set the outcomes: those of a job closed meanwhile are dropped. */
const outcomeRequests = latest()

/**
 * Asks once for the filter outcomes of a job that ended (the engine merges its partitions' on the first
 * request); again only when it ended anew, or when the last request failed.
 */
export async function loadOutcomes(workDir: string, finishedAt: string | null): Promise<void> {
  const key = outcomesKey(workDir, finishedAt)
  const shown = useStore.getState().filterOutcomes
  if (shown.status !== 'none' && shown.status !== 'error' && shown.key === key) return
  const request = outcomeRequests.begin()
  useStore.setState({ filterOutcomes: { status: 'loading', key, workDir } })
  try {
    const outcomes = await deps().api.jobOutcomes({ workDir })
    if (request.current) useStore.setState({ filterOutcomes: { status: 'ready', key, outcomes } })
  } catch (err) {
    if (request.current) useStore.setState({ filterOutcomes: { status: 'error', key, workDir, error: asApiError(err) } })
  }
}
