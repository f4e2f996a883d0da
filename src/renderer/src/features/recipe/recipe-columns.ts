import { deps } from '../../app/deps'
import { useStore } from '../../app/store'
import { asApiError } from '../../app/errors'
import { latest } from '../../app/latest'
import { baseName, joinPath } from '../../paths'
import { datasetPaths, textColumns } from '../../dataset-fields'
import { normalPath } from './normal-path'
import { recipeDatasetPaths } from './recipe-background'

const requests = latest()

/**
 * Keeps `recipeColumns` on the dataset the recipe reads, which need not be the one open in the
 * Dataset view: its text columns are what the text field offers. The open dataset's schema is used
 * when it is that dataset; otherwise the backend reads the dataset's schema.
 */
export async function followRecipeColumns(): Promise<void> {
  const { recipe, recipeColumns, dataset } = useStore.getState()
  const paths = recipeDatasetPaths(recipe.yaml).map((p) => joinPath(recipe.baseDir, p))
  const key = paths.map(normalPath).join('\n')
  if (paths.length === 0) {
    requests.cancel()
    if (recipeColumns.status !== 'none') useStore.setState({ recipeColumns: { status: 'none' } })
    return
  }
  if (recipeColumns.status !== 'none' && recipeColumns.key === key) return
  const label = paths.length === 1 ? baseName(paths[0]!) : `${baseName(paths[0]!)} and ${paths.length - 1} more`
  if (dataset.status === 'ready' && datasetPaths(dataset.summary).map(normalPath).join('\n') === key) {
    requests.cancel()
    useStore.setState({
      recipeColumns: { status: 'ready', key, label, textColumns: textColumns(dataset.summary), columns: dataset.summary.schema.map((c) => c.name) }
    })
    return
  }
  const request = requests.begin()
  useStore.setState({ recipeColumns: { status: 'loading', key } })
  try {
    const summary = await deps().api.inspectDataset({ path: paths.length === 1 ? paths[0]! : paths, rows: 1 })
    if (request.current)
      useStore.setState({
        recipeColumns: { status: 'ready', key, label, textColumns: textColumns(summary), columns: summary.schema.map((c) => c.name) }
      })
  } catch (err) {
    if (request.current) useStore.setState({ recipeColumns: { status: 'error', key, message: asApiError(err).message } })
  }
}
