import { useStore } from '../../app/store'
import { deps } from '../../app/deps'
import { asApiError } from '../../app/errors'
import type { BrowsePurpose } from './browser-slice'
import { rememberedFolder, rememberFolder } from './last-folder'
import { baseName, dirName } from '../../paths'

/**
 * Opens the browser (or moves it) at `path`; with none, at the folder it last showed, else the backend's home
 * folder. A remembered folder that has gone since is passed over for the home folder.
 */
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
      error: null,
      parquetChoice: null
    }
  })
  const remembered = path === undefined ? rememberedFolder() : undefined
  try {
    const showHidden = current.showHidden
    const target = path ?? remembered
    const listing = await deps()
      .api.listDirectory({ ...(target !== undefined ? { path: target } : {}), showHidden })
      .catch((err: unknown) => (remembered !== undefined ? deps().api.listDirectory({ showHidden }) : Promise.reject(err)))
    rememberFolder(listing.path)
    useStore.setState({ browser: { ...useStore.getState().browser, open: true, loading: false, listing, error: null } })
  } catch (err) {
    useStore.setState({ browser: { ...useStore.getState().browser, loading: false, error: asApiError(err).message } })
  }
}

/** The live listing of a folder being typed: only while the browser is open, and never opening it again once closed. */
export async function listTyped(dir: string): Promise<void> {
  if (!useStore.getState().browser.open) return
  try {
    const listing = await deps().api.listDirectory({ path: dir, showHidden: useStore.getState().browser.showHidden })
    const now = useStore.getState().browser
    if (now.open) useStore.setState({ browser: { ...now, listing, error: null } })
  } catch (err) {
    const now = useStore.getState().browser
    if (now.open) useStore.setState({ browser: { ...now, error: asApiError(err).message } })
  }
}

/** Lists hidden files (names starting with a dot) or not, and shows the folder again. */
export async function setShowHidden(showHidden: boolean): Promise<void> {
  const { browser } = useStore.getState()
  useStore.setState({ browser: { ...browser, showHidden } })
  if (browser.listing !== null) await browse(browser.listing.path)
}

/**
 * Opens the path browser to change a path setting: its field holds the path as it is, the listing
 * shows the nearest folder above it that exists (an output's folder is often made by the job).
 */
export async function browseFor(path: string, purpose: BrowsePurpose): Promise<void> {
  const fileName = baseName(path)
  const { showHidden } = useStore.getState().browser
  useStore.setState({
    browser: { ...useStore.getState().browser, purpose, fileName, initialPath: path, open: true, loading: true, error: null, parquetChoice: null }
  })
  let error: unknown
  for (let folder = dirName(path); folder !== ''; folder = dirName(folder)) {
    try {
      const listing = await deps().api.listDirectory({ path: folder, showHidden })
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
  useStore.setState({ browser: { ...useStore.getState().browser, open: false, parquetChoice: null } })
}
