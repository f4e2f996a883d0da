import { useStore } from '../../app/store'
import { deps } from '../../app/deps'
import { asApiError } from '../../app/errors'
import type { BrowsePurpose } from './browser-slice'

export async function browse(path?: string, purpose?: BrowsePurpose, fileName?: string): Promise<void> {
  const current = useStore.getState().browser
  // Browsing inside the open dialog keeps its purpose; opening it afresh is for opening a dataset unless said otherwise.
  const keep = purpose === undefined && current.open
  useStore.setState({
    browser: {
      ...current,
      purpose: purpose ?? (keep ? current.purpose : 'open'),
      fileName: fileName ?? (keep ? current.fileName : purpose === 'save-recipe' ? 'recipe.yaml' : null),
      open: true,
      loading: true,
      error: null
    }
  })
  try {
    const listing = await deps().api.listDirectory(path === undefined ? {} : { path })
    useStore.setState({ browser: { ...useStore.getState().browser, open: true, loading: false, listing, error: null } })
  } catch (err) {
    useStore.setState({ browser: { ...useStore.getState().browser, loading: false, error: asApiError(err).message } })
  }
}

export function closeBrowser(): void {
  useStore.setState({ browser: { ...useStore.getState().browser, open: false } })
}
