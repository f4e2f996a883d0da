import { SieveError } from '../../../../shared/errors'
import { deps } from '../../app/deps'
import { useStore } from '../../app/store'
import { asApiError } from '../../app/errors'
import { latest } from '../../app/latest'
import { joinPath } from '../../paths'
import { readSetting } from './recipe-draft'
import { loadOps, recipeCustomPaths } from './ops-actions'

// The backend's check of the recipe and the live preview, each run a moment after the last edit; older answers are dropped.

const CHECK_DELAY_MS = 250
const PREVIEW_DELAY_MS = 350
const PREVIEW_ROWS = 1000

let checkTimer: ReturnType<typeof setTimeout> | undefined
let previewTimer: ReturnType<typeof setTimeout> | undefined
const checkRequests = latest()
const previewRequests = latest()
/** What the shown preview was computed from; a change elsewhere in the recipe (output, workers) does not rerun it. */
let previewKey = ''

function recipeState(): ReturnType<typeof useStore.getState>['recipe'] {
  return useStore.getState().recipe
}

/** The recipe's dataset paths as written (a string or a list), without the empty ones. */
export function recipeDatasetPaths(yaml: string): string[] {
  const value = readSetting(yaml, ['dataset_path'])
  const list = Array.isArray(value) ? (value as unknown[]) : [value]
  return list.filter((v): v is string => typeof v === 'string' && v !== '')
}

export function scheduleCheck(): void {
  clearTimeout(checkTimer)
  // The palette lists the custom operators of the modules the recipe names now.
  void loadOps()
  const request = checkRequests.begin()
  useStore.setState({ recipe: { ...recipeState(), check: { status: 'checking' } } })
  checkTimer = setTimeout(() => {
    const { yaml, baseDir, yamlProblem } = recipeState()
    if (yamlProblem !== null) {
      useStore.setState({ recipe: { ...recipeState(), check: { status: 'error', ...yamlProblem } } })
      return
    }
    // A recipe not yet given a dataset is unfinished, not wrong: no red error for a blank new recipe.
    const datasetPath = readSetting(yaml, ['dataset_path'])
    if (datasetPath === undefined || datasetPath === null || datasetPath === '' || (Array.isArray(datasetPath) && datasetPath.length === 0)) {
      const message = 'No dataset yet: open one in the Dataset view and build the recipe on it, or set dataset_path.'
      useStore.setState({ recipe: { ...recipeState(), check: { status: 'incomplete', message } } })
      return
    }
    const { chain, path } = recipeState()
    if (!chain.some((c) => c.enabled)) {
      const message =
        chain.length === 0 ? 'No operators yet: add one from the palette.' : 'Every operator is off: turn one on to have something to run.'
      useStore.setState({ recipe: { ...recipeState(), check: { status: 'incomplete', message } } })
      return
    }
    deps()
      .api.validateRecipe({ yaml, ...(baseDir !== '' ? { baseDir } : {}), ...(path !== null ? { recipePath: path } : {}) })
      .then(
        (r) => {
          if (!request.current) return
          useStore.setState({
            recipe: {
              ...recipeState(),
              check: { status: 'ok', operators: r.recipe.process.length, exportPath: r.recipe.export_path, notes: r.notes, resolved: r.recipe }
            }
          })
        },
        (err: unknown) => {
          if (!request.current) return
          const details = err instanceof SieveError ? (err.details as { line?: unknown; keyPath?: unknown; models?: unknown } | undefined) : undefined
          const models = Array.isArray(details?.models) ? details.models.filter((m): m is string => typeof m === 'string') : []
          useStore.setState({
            recipe: {
              ...recipeState(),
              check: {
                status: 'error',
                message: asApiError(err).message,
                ...(typeof details?.line === 'number' ? { line: details.line } : {}),
                ...(typeof details?.keyPath === 'string' ? { keyPath: details.keyPath } : {}),
                ...(models.length > 0 ? { models } : {})
              }
            }
          })
        }
      )
  }, CHECK_DELAY_MS)
}

/** Checks the recipe and runs the preview again, as after an edit: a model it needed may now be in the store. */
export function recheckRecipe(): void {
  previewKey = ''
  scheduleCheck()
  schedulePreview()
}

/** The recipe's first text key, or Data-Juicer's default `text`. */
export function recipeTextKey(yaml: string): string {
  const textKeys = readSetting(yaml, ['text_keys'])
  const textKey: unknown = Array.isArray(textKeys) ? textKeys[0] : textKeys
  return typeof textKey === 'string' && textKey !== '' ? textKey : 'text'
}

/** The dataset the preview reads: the recipe's first dataset_path, taken from the recipe's folder. */
function previewTarget(): { path: string; textKey: string } | { reason: string } {
  const { yaml, baseDir } = recipeState()
  const first = recipeDatasetPaths(yaml)[0]
  if (first === undefined) return { reason: 'Open a dataset (or set dataset_path) to preview the chain on its first rows.' }
  return { path: joinPath(baseDir, first), textKey: recipeTextKey(yaml) }
}

export function schedulePreview(): void {
  clearTimeout(previewTimer)
  previewTimer = setTimeout(() => void runPreviewNow(), PREVIEW_DELAY_MS)
}

async function runPreviewNow(): Promise<void> {
  const request = previewRequests.begin()
  const target = previewTarget()
  if ('reason' in target) {
    useStore.setState({ preview: { status: 'idle', reason: target.reason } })
    return
  }
  const previous = useStore.getState().preview
  const last = 'result' in previous ? previous.result : undefined
  const process = recipeState()
    .chain.filter((c) => c.enabled)
    .map((c) => ({ name: c.name, params: c.params }))
  const customOperatorPaths = recipeCustomPaths()
  const key = JSON.stringify([target, process, customOperatorPaths])
  if (key === previewKey && previous.status === 'ready') return
  previewKey = key
  useStore.setState({ preview: { status: 'running', ...(last !== undefined ? { result: last } : {}) } })
  try {
    const result = await deps().api.runPreview({
      path: target.path,
      textKey: target.textKey,
      process,
      rows: PREVIEW_ROWS,
      ...(customOperatorPaths.length > 0 ? { customOperatorPaths } : {})
    })
    if (request.current) useStore.setState({ preview: { status: 'ready', result, datasetPath: target.path, textKey: target.textKey } })
  } catch (err) {
    if (!request.current) return
    previewKey = ''
    useStore.setState({ preview: { status: 'error', message: asApiError(err).message, ...(last !== undefined ? { result: last } : {}) } })
  }
}
