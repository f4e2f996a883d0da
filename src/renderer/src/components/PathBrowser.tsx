import { useEffect, useState } from 'react'
import { useModalDialog } from '../use-modal-dialog'
import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../app/store'
import { pickPath } from '../features/browser/pick-path'
import { browse, closeBrowser } from '../features/browser/browser-actions'
import { humanBytes } from '../format'

/** "Open path…": type a path on the backend's machine, or walk its folders. */
export function PathBrowser(): React.JSX.Element | null {
  const { open, purpose, loading, listing, error } = useStore(useShallow((s) => s.browser))
  const [typed, setTyped] = useState('')
  const dialog = useModalDialog(open)

  useEffect(() => {
    if (listing !== null) setTyped(purpose === 'save-recipe' ? `${listing.path}/recipe.yaml` : listing.path)
  }, [listing, purpose])

  const choose = (path: string): void => void pickPath(path)
  const model = typeof purpose === 'object' ? purpose.addModel : null
  const title =
    model !== null
      ? `Choose the file of ${model}`
      : purpose === 'open'
        ? 'Open path'
        : purpose === 'open-recipe'
          ? 'Open a recipe'
          : 'Save the recipe'
  const inputLabel =
    model !== null ? `Path to the model file for ${model}` : purpose === 'open' ? 'Path to a dataset file or folder' : 'Path to a recipe file'
  const placeholder = model !== null ? `/path/to/${model.split('/').pop()}` : purpose === 'open' ? '/path/to/dataset.jsonl' : '/path/to/recipe.yaml'

  return (
    <dialog ref={dialog} className="browser" aria-label={title} onClose={closeBrowser}>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault()
          if (typed.trim() !== '') choose(typed.trim())
        }}
      >
        <input
          className="path-input"
          aria-label={inputLabel}
          placeholder={placeholder}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoFocus
        />
        <button type="submit">{purpose === 'save-recipe' ? 'Save' : model !== null ? 'Add to the model store' : 'Open'}</button>
        <button type="button" onClick={() => typed.trim() !== '' && void browse(typed.trim())}>
          Browse
        </button>
        <button type="button" onClick={closeBrowser}>
          Cancel
        </button>
      </form>
      {error !== null && (
        <div className="error-panel" role="alert">
          {error}
        </div>
      )}
      {listing !== null && (
        <div className="listing" aria-busy={loading}>
          <div className="row listing-head">
            <button type="button" disabled={listing.parent === null} onClick={() => listing.parent !== null && void browse(listing.parent)}>
              ↑ Up
            </button>
            <span className="muted small mono">{listing.path}</span>
            {purpose === 'open' && (
              <button type="button" onClick={() => choose(listing.path)}>
                Open this folder
              </button>
            )}
          </div>
          <ul role="listbox" aria-label="Folder contents">
            {listing.entries.map((entry) => (
              <li key={entry.path} role="option" aria-selected={false}>
                <button type="button" className="entry" onClick={() => (entry.kind === 'directory' ? void browse(entry.path) : choose(entry.path))}>
                  <span aria-hidden="true">{entry.kind === 'directory' ? '📁' : '📄'}</span>
                  <span className="entry-name">{entry.name}</span>
                  <span className="muted small">{entry.kind === 'file' ? humanBytes(entry.sizeBytes) : ''}</span>
                </button>
              </li>
            ))}
            {listing.entries.length === 0 && <li className="muted">This folder is empty.</li>}
            {listing.totalEntries !== undefined && (
              <li className="muted" role="status">
                Showing the first {listing.entries.length.toLocaleString()} of {listing.totalEntries.toLocaleString()} entries. Type a path above to
                reach the others.
              </li>
            )}
          </ul>
        </div>
      )}
    </dialog>
  )
}
