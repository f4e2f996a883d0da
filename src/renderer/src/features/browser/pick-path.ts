import { useStore } from '../../app/store'
import { closeBrowser } from './browser-actions'
import { openRecipeFile, saveRecipe, setRecipeSetting } from '../recipe/recipe-actions'
import { openDataset, openPath } from '../dataset/dataset-actions'
import { openParquet } from '../inspector/inspector-actions'
import { isParquetPath } from '../../paths'
import { addModelFile } from '../recipe/model-actions'

/** The path browser's choice, used for what it was opened for. A Parquet file to open asks first how (see openParquetAs). */
export async function pickPath(path: string): Promise<void> {
  const { purpose } = useStore.getState().browser
  if (purpose === 'open' && isParquetPath(path)) {
    useStore.setState({ browser: { ...useStore.getState().browser, parquetChoice: path } })
    return
  }
  closeBrowser()
  if (typeof purpose === 'object') await addModelFile(purpose.addModel, path)
  else if (purpose === 'open-recipe') await openRecipeFile(path)
  else if (purpose === 'save-recipe') await saveRecipe(path)
  else if (purpose === 'export-path') setRecipeSetting(['export_path'], path)
  else if (purpose === 'work-dir') setRecipeSetting(['work_dir'], path)
  else await openPath(path)
}

/** A single Parquet file opens in the inspector, or as a dataset to build a recipe on. */
export async function openParquetAs(path: string, as: 'inspector' | 'dataset'): Promise<void> {
  closeBrowser()
  if (as === 'inspector') await openParquet(path)
  else await openDataset(path)
}
