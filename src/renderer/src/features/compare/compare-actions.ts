import { deps } from '../../app/deps'
import { asApiError } from '../../app/errors'
import { latest } from '../../app/latest'
import { useStore } from '../../app/store'

/** Only the newest comparison asked for may be shown; an older answer is dropped. */
const comparisonRequests = latest()

/** How many jobs a comparison takes. */
export const COMPARED = 2

/** Ticks or unticks a job in the Jobs list; a third tick is refused (its box is disabled) until one is unticked. */
export function toggleComparePick(workDir: string): void {
  const picks = useStore.getState().comparePicks
  if (picks.includes(workDir)) useStore.setState({ comparePicks: picks.filter((p) => p !== workDir) })
  else if (picks.length < COMPARED) useStore.setState({ comparePicks: [...picks, workDir] })
}

/** Compares two finished jobs (a is shown first) and shows the comparison in the Jobs view. */
export async function openComparison(a: string, b: string): Promise<void> {
  const request = comparisonRequests.begin()
  const workDirs: [string, string] = [a, b]
  useStore.setState({ comparison: { status: 'loading', workDirs }, comparePicks: [a, b], view: 'jobs' })
  try {
    const comparison = await deps().api.compareJobs({ a, b })
    if (request.current) useStore.setState({ comparison: { status: 'ready', comparison } })
  } catch (err) {
    if (request.current) useStore.setState({ comparison: { status: 'error', workDirs, error: asApiError(err) } })
  }
}

/** Back to the list of jobs; the two stay ticked, to compare again or tick another. */
export function closeComparison(): void {
  comparisonRequests.cancel()
  useStore.setState({ comparison: { status: 'closed' } })
}

/** Makes job B job A: the same comparison, read the other way round. */
export function swapComparison(): void {
  const { comparison } = useStore.getState()
  if (comparison.status !== 'ready') return
  const [a, b] = comparison.comparison.jobs
  useStore.setState({ comparison: { status: 'ready', comparison: { jobs: [b, a] } }, comparePicks: [b.workDir, a.workDir] })
}
