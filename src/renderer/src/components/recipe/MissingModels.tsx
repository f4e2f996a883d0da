import { useStore } from '../../app/store'
import { humanBytes } from '../../format'
import { chooseModelFile, downloadModel } from '../../features/recipe/model-actions'

/** Beside a recipe check that found models missing: per model, Download (where it comes from) or Choose file (a copy you have). */
export function MissingModels({ names }: { names: string[] }): React.JSX.Element {
  const actions = useStore((s) => s.recipe.models)
  return (
    <ul className="missing-models" aria-label="Missing models">
      {names.map((name) => {
        const action = actions[name]
        const busy = action !== undefined && action.error === undefined
        return (
          <li key={name} className="row">
            <span className="mono">{name}</span>
            <button type="button" disabled={busy} onClick={() => void downloadModel(name)}>
              Download
            </button>
            <button type="button" disabled={busy} onClick={() => chooseModelFile(name)}>
              Choose file…
            </button>
            {busy && (
              <span className="muted small" role="status">
                {action.action === 'add'
                  ? 'Adding…'
                  : `Downloading ${humanBytes(action.received)}${action.total !== null ? ` of ${humanBytes(action.total)}` : ''}…`}
              </span>
            )}
            {action?.error !== undefined && (
              <span className="error-text small" role="alert">
                {action.error}
              </span>
            )}
          </li>
        )
      })}
    </ul>
  )
}
