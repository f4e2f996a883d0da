import type { AppInfo } from '../../../shared/api'

export interface AppSlice {
  info: AppInfo | null
  /** Set when the backend cannot be reached at all. */
  backendError: string | null
}

/** The slice's state when the window opens. */
export const createAppSlice = (): AppSlice => ({
  info: null,
  backendError: null
})
