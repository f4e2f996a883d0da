import { deps } from '../../app/deps'
import { asApiError } from '../../app/errors'
import { latest } from '../../app/latest'
import { useStore } from '../../app/store'

const outcomeRequests = latest()
const compareRequests = latest()

/** Reads what each filter of a finished job kept and dropped; a job already read is not read again. */
export async function loadOutcomes(workDir: string): Promise<void> {
  const { outcomes } = useStore.getState()
  if (outcomes.status !== 'idle' && outcomes.status !== 'error' && outcomes.key === workDir) return
  const token = outcomeRequests.begin()
  useStore.setState({ outcomes: { status: 'loading', key: workDir } })
  try {
    const value = await deps().api.jobOutcomes({ workDir })
    if (token.current) useStore.setState({ outcomes: { status: 'ready', key: workDir, value } })
  } catch (err) {
    if (token.current) useStore.setState({ outcomes: { status: 'error', key: workDir, message: asApiError(err).message } })
  }
}

/** The jobs ticked to compare: ticking a third lets go of the first ticked. */
export function toggleComparePick(workDir: string): void {
  const picks = useStore.getState().comparePicks
  const next = picks.includes(workDir) ? picks.filter((p) => p !== workDir) : [...picks, workDir].slice(-2)
  useStore.setState({ comparePicks: next })
}

/** Two finished jobs side by side: funnel, rows and time, and the stats of their outputs. */
export async function compareJobs(a: string, b: string): Promise<void> {
  const key = JSON.stringify([a, b])
  const token = compareRequests.begin()
  useStore.setState({ comparison: { status: 'loading', key } })
  try {
    const value = await deps().api.compareJobs({ a, b })
    if (token.current) useStore.setState({ comparison: { status: 'ready', key, value } })
  } catch (err) {
    if (token.current) useStore.setState({ comparison: { status: 'error', key, message: asApiError(err).message } })
  }
}

export function closeComparison(): void {
  compareRequests.cancel()
  useStore.setState({ comparison: { status: 'idle' } })
}
