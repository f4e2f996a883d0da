/** The views of the window. */
export type View = 'jobs' | 'dataset' | 'recipe' | 'run' | 'job' | 'inspector'

/** The views in the order the sidebar lists them; Ctrl+1 … Ctrl+6 follow the same order. */
export const VIEWS: { view: View; label: string }[] = [
  { view: 'jobs', label: 'Jobs' },
  { view: 'dataset', label: 'Dataset' },
  { view: 'recipe', label: 'Recipe' },
  { view: 'run', label: 'Run' },
  { view: 'job', label: 'Monitor' },
  { view: 'inspector', label: 'Inspector' }
]

/** The monitor and the inspector can be shown only while they have something open. */
export function viewAvailable(view: View, open: { job: boolean; inspector: boolean }): boolean {
  return view === 'job' ? open.job : view === 'inspector' ? open.inspector : true
}

export interface NavSlice {
  view: View
}

/** The slice's state when the window opens. */
export const createNavSlice = (): NavSlice => ({
  view: 'dataset'
})
