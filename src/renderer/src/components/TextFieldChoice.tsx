import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { DatasetSummary } from '../features/dataset/dataset-slice'
import { useStore } from '../app/store'
import { showView } from '../app/app-actions'
import { buildRecipeOnDataset } from '../features/recipe/recipe-actions'
import { datasetPaths, textColumns } from '../dataset-fields'

/** Which field(s) the operators read (the recipe's text_keys), and the way on to the recipe builder. */
export function TextFieldChoice({ summary }: { summary: DatasetSummary }): React.JSX.Element {
  const columns = textColumns(summary)
  const [chosen, setChosen] = useState<string[]>(columns.slice(0, 1))
  useEffect(() => setChosen(textColumns(summary).slice(0, 1)), [summary])
  // The recipe already being built: its chain carries over only if the user ticks it, never by default.
  const { chainLength, chainNames } = useStore(
    useShallow((s) => ({
      chainLength: s.recipe.yamlProblem === null ? s.recipe.chain.length : 0,
      chainNames: s.recipe.chain.map((c) => c.name).join(', ')
    }))
  )
  const [keepChain, setKeepChain] = useState(false)

  if (columns.length === 0) {
    return (
      <div className="notice" role="note">
        This dataset has no text column, so text operators have nothing to read. Sieve processes text fields (strings).
      </div>
    )
  }
  const toggle = (name: string): void =>
    setChosen((now) => (now.includes(name) ? now.filter((n) => n !== name) : columns.filter((c) => c === name || now.includes(c))))
  return (
    <fieldset className="text-fields">
      <legend>Text field the operators read</legend>
      <div className="row wrap">
        {columns.map((name) => (
          <label key={name} className="chip">
            <input type="checkbox" checked={chosen.includes(name)} onChange={() => toggle(name)} aria-label={`Use ${name} as text`} />
            <span className="mono">{name}</span>
          </label>
        ))}
        <button
          type="button"
          className="primary"
          disabled={chosen.length === 0}
          onClick={() => {
            if (buildRecipeOnDataset(datasetPaths(summary), chosen, keepChain && chainLength > 0)) showView('recipe')
          }}
        >
          Build a recipe on this dataset →
        </button>
      </div>
      {chainLength > 0 && (
        <label className="keep-chain small" title={chainNames}>
          <input type="checkbox" checked={keepChain} onChange={(e) => setKeepChain(e.target.checked)} />
          Keep the current recipe&apos;s chain ({chainLength} operator{chainLength === 1 ? '' : 's'}) instead of starting with an empty one
        </label>
      )}
      {chosen.length > 1 && <small className="muted">Each operator reads the first field; Data-Juicer does the same with several text_keys.</small>}
    </fieldset>
  )
}
