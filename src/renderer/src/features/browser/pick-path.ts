import { useStore } from '../../app/store'
import { closeBrowser } from './browser-actions'
import { openRecipeFile, saveRecipe } from '../recipe/recipe-actions'
import { openPath } from '../dataset/dataset-actions'
import { addModelFile } from '../recipe/model-actions'

/** The path browser's choice, used for what it was opened for. */
export async function pickPath(path: string): Promise<void> {
  const { purpose } = useStore.getState().browser
  closeBrowser()
  if (typeof purpose === 'object') await addModelFile(purpose.addModel, path)
  else if (purpose === 'open-recipe') await openRecipeFile(path)
  else if (purpose === 'save-recipe') await saveRecipe(path)
  else await openPath(path)
}
