import { create } from 'zustand'
import { createAppSlice, type AppSlice } from './app-slice'
import { createBrowserSlice, type BrowserSlice } from './browser-slice'
import { createDatasetSlice, type DatasetSlice } from './dataset-slice'
import { createInspectorSlice, type InspectorSlice } from './inspector-slice'
import { createJobSlice, type JobSlice } from './job-slice'

export type Store = AppSlice & DatasetSlice & BrowserSlice & InspectorSlice & JobSlice

/** The one store of the renderer, built from typed slices. Actions live beside each slice. */
export const useStore = create<Store>()((...a) => ({
  ...createAppSlice(...a),
  ...createDatasetSlice(...a),
  ...createBrowserSlice(...a),
  ...createInspectorSlice(...a),
  ...createJobSlice(...a)
}))
