import type { PreviewResult } from '../../../../shared/preview'
import type { Recipe } from '../../../../shared/recipe'
import type { ChainItem, YamlProblem } from './recipe-draft'
import type { FormProblem } from './form-problems'
import type { RecipeSnapshot } from './recipe-history'

/** The backend's verdict on the recipe as it stands. */
export type RecipeCheck =
  | { status: 'idle' }
  | { status: 'checking' }
  /** Nothing wrong, but something the recipe needs is not there yet (no dataset): said plainly, not as an error. */
  | { status: 'incomplete'; message: string }
  | { status: 'ok'; operators: number; exportPath: string; notes: string[]; resolved: Recipe }
  | { status: 'error'; message: string; line?: number; keyPath?: string; models?: string[] }

/** A model the recipe builder is getting into the model store (Download or Choose file). */
export interface ModelAction {
  name: string
  action: 'download' | 'add'
  received: number
  total: number | null
  /** Why it failed; the action is over. */
  error?: string
}

/** The columns of the dataset the recipe reads (not necessarily the one open in the Dataset view). */
export type RecipeDatasetColumns =
  | { status: 'none' }
  | { status: 'loading'; key: string }
  /** `columns`: every top-level column, for a nested key (`meta.text`) whose column is a struct. */
  | { status: 'ready'; key: string; label: string; textColumns: string[]; columns: string[] }
  | { status: 'error'; key: string; message: string }

export interface RecipeSlice {
  /** The recipe being built: its YAML is the source of truth, the chain is what the YAML says plus disabled operators. */
  recipe: {
    yaml: string
    /** The folder relative paths in the recipe are taken from. */
    baseDir: string
    /** The file it was opened from or saved to. */
    path: string | null
    /** Unsaved changes since it was opened or saved. */
    dirty: boolean
    chain: ChainItem[]
    /** The YAML does not parse (or has no valid process list): the chain shows its last good state. */
    yamlProblem: YamlProblem | null
    check: RecipeCheck
    /** The chain item whose parameters are being edited. */
    selected: string | null
    /** Why the last open or save of a recipe file failed; cleared by the next one that works. */
    fileProblem: { action: 'open' | 'save'; message: string } | null
    /** Values typed into a form that are not valid, so not in the YAML: each one blocks the run until fixed, by key. */
    formProblems: Record<string, FormProblem>
    /** Models being downloaded or added for the recipe, by name. */
    models: Record<string, ModelAction>
  }
  recipeColumns: RecipeDatasetColumns
  /** Undo and redo of the recipe's edits: the states before each edit, and those undone. */
  recipeHistory: { past: RecipeSnapshot[]; future: RecipeSnapshot[] }
  preview:
    | { status: 'idle'; reason: string }
    | { status: 'running'; result?: PreviewResult }
    | { status: 'ready'; result: PreviewResult; datasetPath: string; textKey: string }
    | { status: 'error'; message: string; result?: PreviewResult }
}

/** The slice's state when the window opens. */
export const createRecipeSlice = (): RecipeSlice => ({
  recipe: {
    yaml: '',
    baseDir: '',
    path: null,
    dirty: false,
    chain: [],
    yamlProblem: null,
    check: { status: 'idle' },
    selected: null,
    fileProblem: null,
    formProblems: {},
    models: {}
  },
  recipeColumns: { status: 'none' },
  recipeHistory: { past: [], future: [] },
  preview: { status: 'idle', reason: 'Open a dataset to preview the chain on its first rows.' }
})
