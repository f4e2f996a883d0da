import type { StateCreator } from 'zustand'
import type { Store } from '.'

/** The views of the window, in the order the sidebar lists them. */
export type View = 'jobs' | 'dataset' | 'recipe' | 'run' | 'job' | 'inspector'

export interface NavSlice {
  view: View
}

export const createNavSlice: StateCreator<Store, [], [], NavSlice> = () => ({
  view: 'dataset'
})
