import { createStore } from 'zustand/vanilla'

/**
 * Upload progress changes many times a second, so it lives in its own store that components read
 * through `subscribe` and draw without re-rendering the tree.
 */
export interface UploadProgress {
  active: boolean
  fileName: string
  filesDone: number
  filesTotal: number
  bytesDone: number
  bytesTotal: number
}

export const uploadProgress = createStore<UploadProgress>()(() => ({
  active: false,
  fileName: '',
  filesDone: 0,
  filesTotal: 0,
  bytesDone: 0,
  bytesTotal: 0
}))
