import { useStore } from '../../app/store'
import { MissingModels } from './MissingModels'

/** The backend's verdict on the recipe as it stands, one line. */
export function RecipeCheckLine(): React.JSX.Element {
  const check = useStore((s) => s.recipe.check)
  return (
    <div id="recipe-check-line" className={`recipe-check ${check.status}`} data-testid="recipe-check" role="status" aria-live="polite">
      {check.status === 'idle' && <span className="muted">Not checked yet: add an operator or edit the YAML.</span>}
      {check.status === 'checking' && <span className="muted">Checking…</span>}
      {check.status === 'incomplete' && <span className="muted">{check.message}</span>}
      {check.status === 'ok' && (
        <>
          <span className="check-mark" aria-hidden="true">
            ✓
          </span>
          <span>
            {check.operators} operator{check.operators === 1 ? '' : 's'} · output <span className="mono">{check.exportPath}</span>
          </span>
          {check.notes.length > 0 && (
            <span className="muted check-notes" title={check.notes.join('\n')}>
              {check.notes.join(' · ')}
            </span>
          )}
        </>
      )}
      {check.status === 'error' && (
        <>
          <span className="check-mark" aria-hidden="true">
            ✕
          </span>
          <span>
            {check.line !== undefined && !check.message.includes(`line ${check.line}`) && <strong>Line {check.line}: </strong>}
            {check.message}
          </span>
          {check.models !== undefined && <MissingModels names={check.models} />}
        </>
      )}
    </div>
  )
}
