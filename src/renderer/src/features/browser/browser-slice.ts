import type { DirectoryListing } from '../../../../shared/dataset'

/** What the chosen path is for. */
export type PathPurpose = 'open' | 'open-recipe' | 'save-recipe' | 'export-path' | 'work-dir'

/** A path purpose, or choosing the file of a model the recipe needs (added to the model store). */
export type BrowsePurpose = PathPurpose | { addModel: string }

/** How the path browser speaks of each purpose: its title, its path field and its button. */
const BROWSE_TEXT: Record<PathPurpose, { title: string; field: string; placeholder: string; submit: string }> = {
  open: { title: 'Open path', field: 'Path to a dataset file or folder', placeholder: '/path/to/dataset.jsonl', submit: 'Open' },
  'open-recipe': { title: 'Open a recipe', field: 'Path to a recipe file', placeholder: '/path/to/recipe.yaml', submit: 'Open' },
  'save-recipe': { title: 'Save the recipe', field: 'Path to a recipe file', placeholder: '/path/to/recipe.yaml', submit: 'Save' },
  'export-path': {
    title: 'Choose the output file',
    field: 'Path of the output file',
    placeholder: '/path/to/result.parquet',
    submit: 'Use this path'
  },
  'work-dir': { title: 'Choose the work directory', field: 'Path of the work directory', placeholder: '/path/to/work-dir', submit: 'Use this path' }
}

/** How the path browser speaks of a purpose. */
export function browseText(purpose: BrowsePurpose): { title: string; field: string; placeholder: string; submit: string } {
  if (typeof purpose === 'string') return BROWSE_TEXT[purpose]
  const model = purpose.addModel
  return {
    title: `Choose the file of ${model}`,
    field: `Path to the model file for ${model}`,
    placeholder: `/path/to/${model.split('/').pop() ?? model}`,
    submit: 'Add to the model store'
  }
}

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
    /** The file name a path chosen for writing (a recipe, an output) starts with, in whatever folder is browsed to. */
    fileName: string | null
    /** The path the field shows when the dialog opens (a setting's current value), which may not exist yet. */
    initialPath: string | null
  }
}

/** The slice's state when the window opens. */
export const createBrowserSlice = (): BrowserSlice => ({
  browser: {
    open: false,
    purpose: 'open',
    loading: false,
    listing: null,
    error: null,
    showHidden: false,
    parquetChoice: null,
    fileName: null,
    initialPath: null
  }
})
