import type { StateCreator } from 'zustand'
import type { AppInfo } from '../../../shared/api'
import type { Store } from '.'

export interface AppSlice {
  info: AppInfo | null
  /** Set when the backend cannot be reached at all. */
  backendError: string | null
}

export const createAppSlice: StateCreator<Store, [], [], AppSlice> = () => ({
  info: null,
  backendError: null
})
