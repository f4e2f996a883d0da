import type { StateCreator } from 'zustand'
import type { DirectoryListing } from '../../../shared/dataset'
import type { Store } from '.'

export interface BrowserSlice {
  browser: {
    open: boolean
    loading: boolean
    listing: DirectoryListing | null
    error: string | null
  }
}

export const createBrowserSlice: StateCreator<Store, [], [], BrowserSlice> = () => ({
  browser: { open: false, loading: false, listing: null, error: null }
})
