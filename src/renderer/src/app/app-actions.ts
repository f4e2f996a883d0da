import { useStore } from './store'
import { deps } from './deps'
import { asApiError } from './errors'
import type { View } from './nav-slice'
import { closeComparison } from '../features/compare/compare-actions'

/** Shows a view. Jobs shows the list of jobs, as its Back to the jobs does, not a comparison left open there. */
export function showView(view: View): void {
  if (view === 'jobs') closeComparison()
  useStore.setState({ view })
}

export async function loadAppInfo(): Promise<void> {
  try {
    const info = await deps().api.getAppInfo({})
    useStore.setState({ info, backendError: null })
  } catch (err) {
    useStore.setState({ backendError: asApiError(err).message })
  }
}
