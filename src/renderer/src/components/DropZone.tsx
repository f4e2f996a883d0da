import { useRef, useState, type DragEvent, type ReactNode } from 'react'
import { collectDrop } from '../drop'
import { openDroppedPaths, showError, uploadAndOpen } from '../features/dataset/dataset-actions'

/** The whole window accepts files and folders; an overlay says so while something is dragged over it. */
export function DropZone({ children }: { children: ReactNode }): React.JSX.Element {
  const [dragging, setDragging] = useState(false)
  const depth = useRef(0)

  const hasFiles = (e: DragEvent): boolean => [...e.dataTransfer.types].includes('Files')

  const onDrop = (e: DragEvent): void => {
    // Drags inside the window (reordering the chain) are not files to open.
    if (!hasFiles(e)) return
    e.preventDefault()
    depth.current = 0
    setDragging(false)
    const read = collectDrop(e.dataTransfer)
    void read().then(
      (dropped) => {
        if (dropped.kind === 'paths') {
          void openDroppedPaths(dropped.paths)
        } else if (dropped.items.length === 0) {
          showError('the dropped item', { code: 'EMPTY_FOLDER', message: 'Nothing to open: the drop held no files.' })
        } else {
          void uploadAndOpen(dropped.items)
        }
      },
      (err: unknown) => showError('the dropped item', { code: 'UNREADABLE', message: `Cannot read the drop: ${String(err)}` })
    )
  }

  return (
    <div
      className="app"
      data-testid="drop-zone"
      onDragEnter={(e) => {
        if (!hasFiles(e)) return
        e.preventDefault()
        depth.current++
        setDragging(true)
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return
        e.preventDefault()
        e.dataTransfer.dropEffect = 'copy'
      }}
      onDragLeave={() => {
        depth.current = Math.max(0, depth.current - 1)
        if (depth.current === 0) setDragging(false)
      }}
      onDrop={onDrop}
    >
      {children}
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div>Drop files or folders to open them</div>
        </div>
      )}
    </div>
  )
}
