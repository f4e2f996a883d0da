import type { DirectoryListing } from '../../../../shared/dataset'

/** What the chosen path is for. */
export type BrowsePurpose = 'open' | 'open-recipe' | 'save-recipe' | { addModel: string }

export interface BrowserSlice {
  browser: {
    open: boolean
    purpose: BrowsePurpose
    loading: boolean
    listing: DirectoryListing | null
    error: string | null
  }
}

/** The slice's state when the window opens. */
export const createBrowserSlice = (): BrowserSlice => ({
  browser: { open: false, purpose: 'open', loading: false, listing: null, error: null }
})
