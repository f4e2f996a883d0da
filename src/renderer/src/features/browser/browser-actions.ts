import { useStore } from '../../app/store'
import { deps } from '../../app/deps'
import { asApiError } from '../../app/errors'
import type { BrowsePurpose } from './browser-slice'
import { baseName, dirName } from '../../paths'

export async function browse(path?: string, purpose?: BrowsePurpose, fileName?: string): Promise<void> {
  const current = useStore.getState().browser
  // Browsing inside the open dialog keeps its purpose; opening it afresh is for opening a dataset unless said otherwise.
  const keep = purpose === undefined && current.open
  useStore.setState({
    browser: {
      ...current,
      purpose: purpose ?? (keep ? current.purpose : 'open'),
      fileName: fileName ?? (keep ? current.fileName : purpose === 'save-recipe' ? 'recipe.yaml' : null),
      initialPath: null,
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

/**
 * Opens the path browser to change a path setting: its field holds the path as it is, the listing
 * shows the nearest folder above it that exists (an output's folder is often made by the job).
 */
export async function browseFor(path: string, purpose: BrowsePurpose): Promise<void> {
  const fileName = baseName(path)
  useStore.setState({
    browser: { ...useStore.getState().browser, purpose, fileName, initialPath: path, open: true, loading: true, error: null }
  })
  let error: unknown
  for (let folder = dirName(path); folder !== ''; folder = dirName(folder)) {
    try {
      const listing = await deps().api.listDirectory({ path: folder })
      useStore.setState({ browser: { ...useStore.getState().browser, loading: false, listing, error: null } })
      return
    } catch (err) {
      error ??= err
      if (dirName(folder) === folder) break
    }
  }
  useStore.setState({ browser: { ...useStore.getState().browser, loading: false, error: asApiError(error).message } })
}

export function closeBrowser(): void {
  useStore.setState({ browser: { ...useStore.getState().browser, open: false } })
}
