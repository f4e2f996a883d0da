import { useStore } from '../../app/store'
import { closeBrowser } from './browser-actions'
import { openRecipeFile, saveRecipe, setRecipeSetting } from '../recipe/recipe-actions'
import { openPath } from '../dataset/dataset-actions'

/** The path browser's choice, used for what it was opened for. */
export async function pickPath(path: string): Promise<void> {
  const { purpose } = useStore.getState().browser
  closeBrowser()
  if (purpose === 'open-recipe') await openRecipeFile(path)
  else if (purpose === 'save-recipe') await saveRecipe(path)
  else if (purpose === 'export-path') setRecipeSetting(['export_path'], path)
  else if (purpose === 'work-dir') setRecipeSetting(['work_dir'], path)
  else await openPath(path)
}
