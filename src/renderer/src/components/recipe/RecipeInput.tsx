import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../app/store'
import { browse } from '../../features/browser/browser-actions'
import { setRecipeSetting, setRecipeDataset } from '../../features/recipe/recipe-actions'
import { readSetting } from '../../features/recipe/recipe-draft'
import { baseName, joinPath } from '../../paths'
import { normalPath } from './normal-path'
import { datasetPaths, textColumns as textColumnsOf } from '../../dataset-fields'

function keysOf(text: string): string[] {
  return text
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '')
}

function asList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value]
  return list.filter((v): v is string => typeof v === 'string' && v !== '')
}

function asText(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(', ')
  return typeof value === 'string' ? value : ''
}

/** What the recipe reads: its dataset and the text field the operators work on. */
export function RecipeInput(): React.JSX.Element {
  const { yaml, baseDir, locked, summary } = useStore(
    useShallow((s) => ({
      yaml: s.recipe.yaml,
      baseDir: s.recipe.baseDir,
      locked: s.recipe.yamlProblem !== null,
      summary: s.dataset.status === 'ready' ? s.dataset.summary : null
    }))
  )
  const recipePaths = asList(readSetting(yaml, ['dataset_path']))
  const openDataset = summary === null ? null : datasetPaths(summary)
  const sameDataset =
    openDataset !== null && openDataset.map(normalPath).join('\n') === recipePaths.map((p) => normalPath(joinPath(baseDir, p))).join('\n')
  const textKeys = asText(readSetting(yaml, ['text_keys']))
  const textColumns = summary === null ? [] : textColumnsOf(summary)
  // The field keeps what is typed (a trailing comma, say) unless the YAML comes to say something else.
  const [typed, setTyped] = useState(textKeys)
  const [shownKeys, setShownKeys] = useState(textKeys)
  if (shownKeys !== textKeys) {
    setShownKeys(textKeys)
    if (keysOf(typed).join(', ') !== keysOf(textKeys).join(', ')) setTyped(textKeys)
  }

  const setTextKeys = (text: string): void => {
    setTyped(text)
    const keys = keysOf(text)
    setRecipeSetting(['text_keys'], keys.length === 0 ? undefined : keys.length === 1 ? keys[0] : keys)
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
        {openDataset !== null && !sameDataset && (
          <button
            type="button"
            className="small-button"
            disabled={locked}
            title={openDataset.join('\n')}
            onClick={() => setRecipeDataset(openDataset, textColumns.slice(0, 1))}
          >
            Use the open dataset
          </button>
        )}
      </div>
      <label className="recipe-input-field">
        <span className="field-label">Text field</span>
        <input
          className="mono"
          list="recipe-text-columns"
          value={typed}
          placeholder="text"
          disabled={locked}
          aria-describedby="recipe-text-field-help"
          onChange={(e) => setTextKeys(e.target.value)}
        />
        <datalist id="recipe-text-columns">
          {textColumns.map((c) => (
            <option key={c} value={c} />
          ))}
        </datalist>
      </label>
      <span id="recipe-text-field-help" className="muted small">
        text_keys: the column the operators read{textColumns.length > 0 ? ` (the open dataset has ${textColumns.join(', ')})` : ''}
      </span>
    </div>
  )
}
