import { useStore } from '../../app/store'
import { deps } from '../../app/deps'
import { asApiError } from '../../app/errors'
import { browse } from '../browser/browser-actions'
import { recheckRecipe } from './recipe-background'
import type { ModelAction } from './recipe-slice'

function setModel(name: string, action: ModelAction | null): void {
  const { recipe } = useStore.getState()
  const models = { ...recipe.models }
  if (action === null) delete models[name]
  else models[name] = action
  useStore.setState({ recipe: { ...recipe, models } })
}

/** Runs one way of getting a model into the store; on success the recipe is checked again, on failure the action shows why. */
async function getModel(name: string, action: ModelAction['action'], run: () => Promise<unknown>): Promise<void> {
  setModel(name, { name, action, received: 0, total: null })
  try {
    await run()
    setModel(name, null)
    recheckRecipe()
  } catch (err) {
    setModel(name, { name, action, received: 0, total: null, error: asApiError(err).message })
  }
}

/** Download: the backend fetches the model from where Data-Juicer gets it, reporting progress as it goes. */
export function downloadModel(name: string): Promise<void> {
  const api = deps().api
  const off = api.onModelProgress((p) => {
    const current = useStore.getState().recipe.models[p.name]
    if (current !== undefined && current.error === undefined) setModel(p.name, { ...current, received: p.received, total: p.total })
  })
  return getModel(name, 'download', () => api.fetchModel({ name })).finally(off)
}

/** Choose file: the path browser, whose choice is copied into the store under the model's name. */
export function chooseModelFile(name: string): void {
  void browse(undefined, { addModel: name })
}

export function addModelFile(name: string, path: string): Promise<void> {
  return getModel(name, 'add', () => deps().api.addModel({ path, name }))
}
