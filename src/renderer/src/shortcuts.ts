import { useStore } from './app/store'
import { showView } from './app/app-actions'
import { browse } from './features/browser/browser-actions'
import { saveOrAsk } from './features/recipe/recipe-actions'
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
  { keys: 'Alt+↑ / Alt+↓', action: 'Move the focused operator up or down the chain' },
  { keys: 'Delete', action: 'Remove the focused operator from the chain' },
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
    } else if (e.key === '?' && !mod && !typingIn(e.target)) {
      e.preventDefault()
      shortcutHelp.setState({ open: true })
    }
  }
  window.addEventListener('keydown', onKey)
  return () => window.removeEventListener('keydown', onKey)
}
