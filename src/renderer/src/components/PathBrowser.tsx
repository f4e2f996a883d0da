import { useEffect, useId, useRef, useState } from 'react'
import { useModalDialog } from '../use-modal-dialog'
import { useShallow } from 'zustand/react/shallow'
import { useStore } from '../app/store'
import { openParquetAs, pickPath } from '../features/browser/pick-path'
import { browse, closeBrowser, listTyped, setShowHidden } from '../features/browser/browser-actions'
import { defaultTypeFilter, liveTarget, TYPE_FILTERS, type TypeFilter } from '../features/browser/listing-filter'
import { browseText } from '../features/browser/browser-slice'
import { baseName } from '../paths'
import { FolderListing } from './FolderListing'

/** How long typing pauses before the folder it names is listed. */
const LIVE_LIST_MS = 200

/** A folder's path as typed to show its contents: with a trailing separator, the style of the path's own. */
function asFolder(path: string): string {
  const sep = path.includes('\\') && !path.includes('/') ? '\\' : '/'
  return path.endsWith(sep) ? path : `${path}${sep}`
}

/**
 * "Open path…": type a path on the backend's machine — the folder it names is listed as you type, narrowed to
 * the names it starts — or walk the folders: a click selects, a double-click (or Enter) opens.
 */
export function PathBrowser(): React.JSX.Element | null {
  const { open, purpose, loading, listing, error, showHidden, parquetChoice, fileName, initialPath } = useStore(useShallow((s) => s.browser))
  const [typed, setTyped] = useState('')
  /** What the user last typed (not what a click put in the box): the live listing follows it. */
  const [query, setQuery] = useState('')
  const [filter, setFilter] = useState<TypeFilter>(defaultTypeFilter(purpose))
  const dialog = useModalDialog(open)
  const titleId = useId()
  const fresh = useRef(true)

  // Each time the dialog opens it starts from its folder, with the filter its purpose calls for.
  useEffect(() => {
    if (!open) return
    fresh.current = true
    setTyped('')
    setQuery('')
    setFilter(defaultTypeFilter(purpose))
  }, [open, purpose])

  useEffect(() => {
    if (listing === null || !fresh.current) return
    fresh.current = false
    setTyped(initialPath ?? (fileName !== null ? `${asFolder(listing.path)}${fileName}` : asFolder(listing.path)))
  }, [listing, fileName, initialPath])

  // The live listing: once typing pauses, the folder the typed path is in.
  useEffect(() => {
    const { dir } = liveTarget(query)
    if (!open || dir === '' || dir === useStore.getState().browser.listing?.path) return
    const timer = setTimeout(() => void listTyped(dir), LIVE_LIST_MS)
    return () => clearTimeout(timer)
  }, [query, open])

  const go = (path: string): void => {
    setTyped(asFolder(path))
    setQuery('')
    void browse(path)
  }
  const live = liveTarget(query)
  const prefix = listing !== null && live.dir === listing.path ? live.prefix : ''
  const text = browseText(purpose)
  const title = text.title

  return (
    <dialog ref={dialog} className="browser" aria-labelledby={titleId} onClose={closeBrowser}>
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault()
          if (typed.trim() !== '') void pickPath(typed.trim())
        }}
      >
        <input
          className="path-input"
          aria-label={text.field}
          placeholder={text.placeholder}
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value)
            setQuery(e.target.value)
          }}
          autoFocus
        />
        <button type="submit">{text.submit}</button>
        <button type="button" onClick={() => typed.trim() !== '' && go(typed.trim())}>
          Browse
        </button>
        <button type="button" onClick={closeBrowser}>
          Cancel
        </button>
      </form>
      {parquetChoice !== null && (
        <div className="parquet-choice notice" role="group" aria-label={`Open ${baseName(parquetChoice)}`}>
          <p>
            <strong className="mono">{baseName(parquetChoice)}</strong> is a Parquet file. Inspect it (validity, schema, row groups, every row), or
            use it as a dataset to build a recipe on?
          </p>
          <div className="row">
            <button type="button" className="primary" onClick={() => void openParquetAs(parquetChoice, 'inspector')}>
              Inspect it
            </button>
            <button type="button" onClick={() => void openParquetAs(parquetChoice, 'dataset')}>
              Use as dataset
            </button>
          </div>
        </div>
      )}
      <div className="row wrap browser-options">
        <label className="row small">
          Show
          <select className="compact" aria-label="File types" value={filter} onChange={(e) => setFilter(e.target.value as TypeFilter)}>
            {TYPE_FILTERS.map((f) => (
              <option key={f.filter} value={f.filter}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label className="row small">
          <input type="checkbox" checked={showHidden} onChange={(e) => void setShowHidden(e.target.checked)} />
          Show hidden files
        </label>
      </div>
      {error !== null && (
        <div className="error-panel" role="alert">
          {error}
        </div>
      )}
      {listing !== null && (
        <FolderListing
          listing={listing}
          loading={loading}
          filter={filter}
          prefix={prefix}
          folderAction={purpose === 'open' ? 'Open this folder' : purpose === 'work-dir' ? 'Use this folder' : null}
          onSelect={(path) => setTyped(path)}
          onEnter={go}
          onChoose={(path) => void pickPath(path)}
        />
      )}
    </dialog>
  )
}
