import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../app/store'
import { browse } from '../../features/browser/browser-actions'
import { setRecipeSetting, setRecipeDataset } from '../../features/recipe/recipe-actions'
import { readSetting } from '../../features/recipe/recipe-draft'
import { baseName, joinPath } from '../../paths'
import { normalPath } from '../../features/recipe/normal-path'
import { datasetPaths, textColumns as textColumnsOf } from '../../dataset-fields'

function asList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value]
  return list.filter((v): v is string => typeof v === 'string' && v !== '')
}

/** What the text field picker says about the recipe's dataset while its columns are not known. */
function columnsNote(columns: ReturnType<typeof useStore.getState>['recipeColumns']): string {
  if (columns.status === 'loading') return 'reading the dataset’s columns…'
  if (columns.status === 'error') return `its columns cannot be read: ${columns.message}`
  if (columns.status === 'none') return 'no dataset yet'
  return columns.textColumns.length === 0 ? `${columns.label} has no text column` : `${columns.label} has ${columns.textColumns.join(', ')}`
}

/** What the recipe reads: its dataset and the text field the operators work on, picked from that dataset's columns. */
export function RecipeInput(): React.JSX.Element {
  const { yaml, baseDir, locked, summary, columns } = useStore(
    useShallow((s) => ({
      yaml: s.recipe.yaml,
      baseDir: s.recipe.baseDir,
      locked: s.recipe.yamlProblem !== null,
      summary: s.dataset.status === 'ready' ? s.dataset.summary : null,
      columns: s.recipeColumns
    }))
  )
  const recipePaths = asList(readSetting(yaml, ['dataset_path']))
  const openDataset = summary === null ? null : datasetPaths(summary)
  const sameDataset =
    openDataset !== null && openDataset.map(normalPath).join('\n') === recipePaths.map((p) => normalPath(joinPath(baseDir, p))).join('\n')
  const textKeys = asList(readSetting(yaml, ['text_keys']))
  const textKey = textKeys[0] ?? 'text'
  const known = columns.status === 'ready' ? columns.textColumns : []
  // The recipe's own key stays offered even when the dataset lacks it, marked so, rather than shown as something else.
  const missing = columns.status === 'ready' && !known.includes(textKey)
  const options = known.includes(textKey) ? known : [textKey, ...known]
  // The first key is the one the operators read; picking another keeps the others the YAML lists after it.
  const pick = (key: string): void => {
    const rest = textKeys.slice(1).filter((k) => k !== key)
    setRecipeSetting(['text_keys'], rest.length === 0 ? key : [key, ...rest])
  }

  return (
    <div className="recipe-input">
      <div className="recipe-input-dataset">
        <span className="field-label">Dataset</span>
        {recipePaths.length === 0 ? (
          <>
            <span className="muted">none yet</span>
            {openDataset === null && (
              <button type="button" className="small-button" onClick={() => void browse()}>
                Open a dataset…
              </button>
            )}
          </>
        ) : (
          <span className="mono ellipsis" title={recipePaths.join('\n')}>
            {recipePaths.length === 1 ? baseName(recipePaths[0]!) : `${recipePaths.length} paths`}
          </span>
        )}
        {openDataset !== null && !sameDataset && summary !== null && (
          <button
            type="button"
            className="small-button"
            disabled={locked}
            title={openDataset.join('\n')}
            onClick={() => setRecipeDataset(openDataset, textColumnsOf(summary).slice(0, 1))}
          >
            Use the open dataset
          </button>
        )}
      </div>
      <label className="recipe-input-field">
        <span className="field-label">Text field</span>
        <select
          className="mono"
          value={textKey}
          disabled={locked || recipePaths.length === 0}
          aria-invalid={missing}
          aria-describedby="recipe-text-field-help"
          onChange={(e) => pick(e.target.value)}
        >
          {options.map((c) => (
            <option key={c} value={c}>
              {c === textKey && missing ? `${c} (not a column of this dataset)` : c}
            </option>
          ))}
        </select>
      </label>
      <span id="recipe-text-field-help" className={missing ? 'field-problem small' : 'muted small'}>
        text_keys: the column the operators read ({columnsNote(columns)}){textKeys.length > 1 ? `; the YAML lists ${textKeys.length - 1} more` : ''}
      </span>
    </div>
  )
}
