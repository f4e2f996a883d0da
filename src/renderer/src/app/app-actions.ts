import { useStore } from './store'
import { deps } from './deps'
import { asApiError } from './errors'
import type { View } from './nav-slice'

export function showView(view: View): void {
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
