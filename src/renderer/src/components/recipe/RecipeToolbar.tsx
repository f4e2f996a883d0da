import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../../app/store'
import { showView } from '../../app/app-actions'
import { browse } from '../../features/browser/browser-actions'
import { newRecipeOnOpenDataset, redoRecipe, saveOrAsk, undoRecipe } from '../../features/recipe/recipe-actions'
import { RunBlockers, useRunBlockers } from '../RunBlockers'
import { baseName, dirName } from '../../paths'
import { RecipeCheckLine } from './RecipeCheckLine'
import { ExportDialog } from './ExportDialog'

/** The folder a save dialog opens in: the recipe's own, else the folder its relative paths come from. */
function saveFolder(path: string | null, baseDir: string): string | undefined {
  if (path !== null) return dirName(path)
  return baseDir !== '' ? baseDir : undefined
}

/** File actions for the recipe, its name and saved state, and the backend's check of it. */
export function RecipeToolbar(): React.JSX.Element {
  const { path, baseDir, dirty, fileProblem } = useStore(
    useShallow((s) => ({ path: s.recipe.path, baseDir: s.recipe.baseDir, dirty: s.recipe.dirty, fileProblem: s.recipe.fileProblem }))
  )
  const { canUndo, canRedo } = useStore(useShallow((s) => ({ canUndo: s.recipeHistory.past.length > 0, canRedo: s.recipeHistory.future.length > 0 })))
  const [exporting, setExporting] = useState(false)
  // A check still running does not stop the way to Run (Start waits for it there); a problem does.
  const blockers = useRunBlockers()
  const blocked = blockers.some((b) => b.kind !== 'pending')
  // The check line below says the backend's verdict; the other reasons are listed apart.
  const beyondCheck = blockers.filter((b) => b.kind === 'form' || b.kind === 'column')

  return (
    <div className="recipe-toolbar">
      <div className="recipe-toolbar-row">
        <h1 className="recipe-title" title={path ?? 'Not saved yet'}>
          {path === null ? 'Untitled recipe' : baseName(path)}
          {dirty && (
            <span className="dirty-marker" role="img" aria-label="unsaved changes" title="Unsaved changes">
              ●
            </span>
          )}
        </h1>
        <div className="recipe-actions" role="toolbar" aria-label="Recipe file">
          <button
            type="button"
            onClick={undoRecipe}
            disabled={!canUndo}
            aria-keyshortcuts="Control+Z"
            title="Undo the last edit of the recipe (Ctrl+Z)"
          >
            Undo
          </button>
          <button
            type="button"
            onClick={redoRecipe}
            disabled={!canRedo}
            aria-keyshortcuts="Control+Shift+Z Control+Y"
            title="Redo the edit last undone (Ctrl+Shift+Z or Ctrl+Y)"
          >
            Redo
          </button>
          <button type="button" onClick={newRecipeOnOpenDataset} title="An empty recipe on the dataset that is open">
            New recipe
          </button>
          <button type="button" onClick={() => void browse(undefined, 'open-recipe')}>
            Open recipe…
          </button>
          <button
            type="button"
            onClick={() => void browse(undefined, 'open-recipe')}
            title="Sieve's recipes are Data-Juicer YAML: a Data-Juicer recipe opens as it is, and runs here if Sieve has its operators."
          >
            Import Data-Juicer recipe…
          </button>
          <button type="button" onClick={saveOrAsk} aria-keyshortcuts="Control+S" title="Save (Ctrl+S)">
            Save
          </button>
          <button type="button" onClick={() => void browse(saveFolder(path, baseDir), 'save-recipe')}>
            Save as…
          </button>
          <button type="button" onClick={() => setExporting(true)} title="The recipe for Data-Juicer's partitioned executor on a Ray cluster">
            Export for Ray…
          </button>
        </div>
        <button
          type="button"
          className="primary continue"
          disabled={blocked}
          aria-describedby={blocked ? 'recipe-check-line recipe-blockers' : undefined}
          onClick={() => showView('run')}
        >
          Continue to Run →
        </button>
      </div>
      <RecipeCheckLine />
      {beyondCheck.length > 0 && <RunBlockers blockers={beyondCheck} id="recipe-blockers" testId="recipe-blockers" compact />}
      {fileProblem !== null && (
        <div className="error-panel small" role="alert">
          Cannot {fileProblem.action}: {fileProblem.message}
        </div>
      )}
      {exporting && <ExportDialog onClose={() => setExporting(false)} />}
    </div>
  )
}
