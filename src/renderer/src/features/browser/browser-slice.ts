import type { DirectoryListing } from '../../../../shared/dataset'

/** What the chosen path is for. */
export type BrowsePurpose = 'open' | 'open-recipe' | 'save-recipe'

export interface BrowserSlice {
  browser: {
    open: boolean
    purpose: BrowsePurpose
    loading: boolean
    listing: DirectoryListing | null
    error: string | null
    /** Whether names starting with a dot are listed. */
    showHidden: boolean
    /** A Parquet file chosen to open: the browser asks whether to inspect it or use it as a dataset. */
    parquetChoice: string | null
  }
}

/** The slice's state when the window opens. */
export const createBrowserSlice = (): BrowserSlice => ({
  browser: { open: false, purpose: 'open', loading: false, listing: null, error: null, showHidden: false, parquetChoice: null }
})
