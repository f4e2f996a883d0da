import { useEffect, useState } from 'react'
import type { DirectoryListing } from '../../../shared/dataset'
import { visibleEntries, type TypeFilter } from '../features/browser/listing-filter'
import { humanBytes } from '../format'

interface Props {
  listing: DirectoryListing
  loading: boolean
  filter: TypeFilter
  /** The start of the names shown, from the path being typed. */
  prefix: string
  /** Whether the folder itself can be opened (a dataset folder or a work directory). */
  /** The label of the button that chooses the folder shown, or null when a folder is not a choice. */
  folderAction: string | null
  onSelect: (path: string) => void
  onEnter: (folder: string) => void
  onChoose: (file: string) => void
}

/** A folder or a file, drawn rather than an emoji: not every system has an emoji font. */
function EntryIcon({ kind }: { kind: 'file' | 'directory' }): React.JSX.Element {
  return (
    <svg className={`entry-icon ${kind}`} viewBox="0 0 16 16" aria-hidden="true">
      {kind === 'directory' ? <path d="M1.5 3.5h5l1.5 2h6.5v7.5h-13z" /> : <path d="M3.5 1.5h6l3 3v10h-9z M9.5 1.5v3h3" />}
    </svg>
  )
}

/** One folder of the path browser: a click selects an entry, a double-click or Enter opens it. */
export function FolderListing({ listing, loading, filter, prefix, folderAction, onSelect, onEnter, onChoose }: Props): React.JSX.Element {
  const [selected, setSelected] = useState<string | null>(null)
  useEffect(() => setSelected(null), [listing])
  const entries = visibleEntries(listing.entries, filter, prefix)
  const hidden = listing.entries.length - entries.length
  const open = (entry: { kind: 'file' | 'directory'; path: string }): void =>
    entry.kind === 'directory' ? onEnter(entry.path) : onChoose(entry.path)

  return (
    <div className="listing" aria-busy={loading}>
      <div className="row listing-head">
        <button type="button" disabled={listing.parent === null} onClick={() => listing.parent !== null && onEnter(listing.parent)}>
          ↑ Up
        </button>
        <span className="muted small mono listing-path" title={listing.path}>
          {listing.path}
        </span>
        {folderAction !== null && (
          <button type="button" onClick={() => onChoose(listing.path)}>
            {folderAction}
          </button>
        )}
      </div>
      <ul role="listbox" aria-label="Folder contents">
        {entries.map((entry) => (
          <li key={entry.path} role="option" aria-selected={selected === entry.path}>
            <button
              type="button"
              className={selected === entry.path ? 'entry selected' : 'entry'}
              title={entry.kind === 'directory' ? 'Double-click to open this folder' : 'Double-click to open'}
              onClick={() => {
                setSelected(entry.path)
                onSelect(entry.path)
              }}
              onDoubleClick={() => open(entry)}
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return
                e.preventDefault()
                open(entry)
              }}
            >
              <EntryIcon kind={entry.kind} />
              <span className="entry-name">{entry.name}</span>
              <span className="muted small">{entry.kind === 'file' ? humanBytes(entry.sizeBytes) : ''}</span>
            </button>
          </li>
        ))}
        {entries.length === 0 && (
          <li className="muted listing-note">
            {listing.entries.length === 0
              ? 'This folder is empty.'
              : prefix !== ''
                ? `Nothing here starts with “${prefix}”.`
                : 'Nothing here of this type: choose All files to see the rest.'}
          </li>
        )}
        {hidden > 0 && entries.length > 0 && (
          <li className="muted small listing-note">
            {hidden.toLocaleString('en-US')} more {hidden === 1 ? 'entry is' : 'entries are'} not shown
            {prefix !== '' ? ` (not starting with “${prefix}”, or of another type)` : ' (of another type)'}.
          </li>
        )}
        {listing.totalEntries !== undefined && (
          <li className="muted listing-note" role="status">
            Showing the first {listing.entries.length.toLocaleString('en-US')} of {listing.totalEntries.toLocaleString('en-US')} entries. Type a path
            above to reach the others.
          </li>
        )}
      </ul>
    </div>
  )
}
