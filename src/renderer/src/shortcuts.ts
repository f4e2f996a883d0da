import { useStore } from './store'
import { browse, showView } from './store/actions'
import { saveRecipe } from './store/recipe-actions'
import type { View } from './store/nav-slice'
import { shortcutHelp } from './store/shortcut-help'

const VIEW_ORDER: View[] = ['jobs', 'dataset', 'recipe', 'run', 'job', 'inspector']
export const SHORTCUT_KEYS = ['1', '2', '3', '4', '5', '6']

/** The window's keyboard shortcuts, listed once: the help dialog shows this table. */
export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: 'Ctrl+1 … Ctrl+6', action: 'Jobs, Dataset, Recipe, Run, Monitor, Inspector' },
  { keys: 'Ctrl+O', action: 'Open a dataset, Parquet file or work directory by path' },
  { keys: 'Ctrl+S', action: 'Save the recipe' },
  { keys: 'Ctrl+Enter', action: 'Start the run (in the Run view)' },
  { keys: 'Alt+↑ / Alt+↓', action: 'Move the selected operator up or down the chain' },
  { keys: 'Delete', action: 'Remove the selected operator from the chain' },
  { keys: '?', action: 'Show these shortcuts' }
]

function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
}

/** Installs the global shortcuts; the chain's own keys live in the chain list, where focus is. */
export function installShortcuts(): () => void {
  const onKey = (e: KeyboardEvent): void => {
    const mod = e.ctrlKey || e.metaKey
    if (mod && SHORTCUT_KEYS.includes(e.key)) {
      const view = VIEW_ORDER[Number(e.key) - 1]!
      const state = useStore.getState()
      if ((view === 'job' && state.job.status === 'closed') || (view === 'inspector' && state.inspector.status === 'closed')) return
      e.preventDefault()
      showView(view)
    } else if (mod && e.key.toLowerCase() === 'o') {
      e.preventDefault()
      void browse(undefined, 'open')
    } else if (mod && e.key.toLowerCase() === 's') {
      e.preventDefault()
      if (useStore.getState().recipe.path !== null) void saveRecipe()
      else void browse(undefined, 'save-recipe')
    } else if (e.key === '?' && !mod && !typingIn(e.target)) {
      e.preventDefault()
      shortcutHelp.setState({ open: true })
    }
  }
  window.addEventListener('keydown', onKey)
  return () => window.removeEventListener('keydown', onKey)
}
