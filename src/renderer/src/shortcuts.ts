import { useStore } from './app/store'
import { showView } from './app/app-actions'
import { browse } from './features/browser/browser-actions'
import { redoRecipe, saveOrAsk, undoRecipe } from './features/recipe/recipe-actions'
import { VIEWS, viewAvailable } from './app/nav-slice'
import { shortcutHelp } from './app/shortcut-help'

/** Ctrl+<key> shows the view at the same place in VIEWS. */
export const SHORTCUT_KEYS = VIEWS.map((_, i) => String(i + 1))

/** The window's keyboard shortcuts, listed once: the help dialog shows this table. */
export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: `Ctrl+1 … Ctrl+${VIEWS.length}`, action: VIEWS.map((v) => v.label).join(', ') },
  { keys: 'Ctrl+O', action: 'Open a dataset, Parquet file or work directory by path' },
  { keys: 'Ctrl+S', action: 'Save the recipe' },
  { keys: 'Ctrl+Enter', action: 'Start the run (in the Run view)' },
  { keys: 'Ctrl+Z', action: 'Undo the last edit of the recipe (outside a text field, which undoes its own typing)' },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', action: 'Redo the recipe edit last undone' },
  { keys: 'Alt+↑ / Alt+↓', action: 'Move the focused operator up or down the chain' },
  { keys: 'Delete', action: 'Remove the focused operator from the chain (Ctrl+Z brings it back)' },
  { keys: '?', action: 'Show these shortcuts' }
]

function typingIn(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))
}

const TEXT_INPUT_TYPES = ['text', 'search', 'number', 'email', 'url', 'tel', 'password', '']

/** A field whose own Ctrl+Z undoes its typing: the recipe's undo leaves it that key. */
function hasNativeUndo(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable || target.tagName === 'TEXTAREA') return true
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.includes(target.getAttribute('type') ?? '')
}

/** Installs the global shortcuts; the chain's own keys live in the chain list, where focus is. */
export function installShortcuts(): () => void {
  const onKey = (e: KeyboardEvent): void => {
    const mod = e.ctrlKey || e.metaKey
    if (mod && SHORTCUT_KEYS.includes(e.key)) {
      const { view } = VIEWS[Number(e.key) - 1]!
      const state = useStore.getState()
      if (!viewAvailable(view, { job: state.job.status !== 'closed', inspector: state.inspector.status !== 'closed' })) return
      e.preventDefault()
      showView(view)
    } else if (mod && e.key.toLowerCase() === 'o') {
      e.preventDefault()
      void browse(undefined, 'open')
    } else if (mod && e.key.toLowerCase() === 's') {
      e.preventDefault()
      saveOrAsk()
    } else if (mod && !e.altKey && ['z', 'y'].includes(e.key.toLowerCase()) && !hasNativeUndo(e.target)) {
      const { view } = useStore.getState()
      if ((view !== 'recipe' && view !== 'run') || document.querySelector('dialog[open]') !== null) return
      e.preventDefault()
      if (e.key.toLowerCase() === 'y' || e.shiftKey) redoRecipe()
      else undoRecipe()
    } else if (e.key === '?' && !mod && !typingIn(e.target)) {
      e.preventDefault()
      shortcutHelp.setState({ open: true })
    }
  }
  window.addEventListener('keydown', onKey)
  return () => window.removeEventListener('keydown', onKey)
}
