import type { StateCreator } from 'zustand'
import type { DirectoryListing } from '../../../shared/dataset'
import type { Store } from '.'

/** What the chosen path is for. */
export type BrowsePurpose = 'open' | 'open-recipe' | 'save-recipe'

export interface BrowserSlice {
  browser: {
    open: boolean
    purpose: BrowsePurpose
    loading: boolean
    listing: DirectoryListing | null
    error: string | null
  }
}

export const createBrowserSlice: StateCreator<Store, [], [], BrowserSlice> = () => ({
  browser: { open: false, purpose: 'open', loading: false, listing: null, error: null }
})
