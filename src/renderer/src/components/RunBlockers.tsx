import { useMemo } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../app/store'
import { showView } from '../app/app-actions'
import { selectChainItem } from '../features/recipe/recipe-actions'
import { runBlockers, type RunBlocker } from '../features/recipe/run-readiness'

/** Why the recipe cannot run now; empty when it can. */
export function useRunBlockers(): RunBlocker[] {
  const { recipe, recipeColumns } = useStore(useShallow((s) => ({ recipe: s.recipe, recipeColumns: s.recipeColumns })))
  return useMemo(() => runBlockers({ recipe, recipeColumns }), [recipe, recipeColumns])
}

/** Shows the parameter field that holds a value that is not valid: its operator selected in the recipe builder. */
function goToParam(itemId: string): void {
  selectChainItem(itemId)
  showView('recipe')
}

/** The reasons the recipe cannot run as the window shows it, each with the way to the field to fix. */
export function RunBlockers({
  blockers,
  id,
  testId,
  compact = false
}: {
  blockers: RunBlocker[]
  id: string
  testId: string
  /** Under the recipe builder's toolbar: small, with no title, to leave the panes their height. */
  compact?: boolean
}): React.JSX.Element {
  const checking = blockers.every((b) => b.kind === 'pending')
  // A field's own message is already an alert where it was typed; the summary of such problems is announced politely.
  const alert = blockers.some((b) => b.kind === 'check' || b.kind === 'column')
  return (
    <div
      id={id}
      className={checking ? 'notice' : `error-panel run-blockers${compact ? ' small compact' : ''}`}
      role={alert ? 'alert' : 'status'}
      data-testid={testId}
    >
      {!checking && !compact && <div className="error-title">Cannot run yet</div>}
      <ul>
        {blockers.map(({ message, target }, i) => (
          <li key={i}>
            {message}
            {target?.kind === 'param' && (
              <>
                {' '}
                <button type="button" className="link-button" onClick={() => goToParam(target.itemId)}>
                  Show the field
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  )
}
