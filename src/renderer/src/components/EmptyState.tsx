import { useRef } from 'react'
import { useStore } from '../app/store'
import { openDataset, openDroppedPaths, uploadAndOpen } from '../features/dataset/dataset-actions'
import { browse } from '../features/browser/browser-actions'
import { inElectron, pathOfDroppedFile } from '../api/client'

/** What a newcomer sees with nothing open: where to drop, what to click. */
export function EmptyState({ compact = false }: { compact?: boolean }): React.JSX.Element {
  const sample = useStore((s) => s.info?.sampleDataset)
  const picker = useRef<HTMLInputElement>(null)

  const onPicked = (files: FileList | null): void => {
    const list = [...(files ?? [])]
    if (list.length === 0) return
    const paths = inElectron ? list.map(pathOfDroppedFile) : []
    if (paths.length > 0 && paths.every((p): p is string => p !== undefined)) void openDroppedPaths(paths)
    else void uploadAndOpen(list.map((file) => ({ file, relativePath: file.webkitRelativePath || file.name })))
  }

  return (
    <section className={compact ? 'empty compact' : 'empty'} aria-label="Open a dataset">
      <div className="drop-target">
        <p className="drop-title">Drop a dataset here</p>
        <p className="muted">JSONL (also .gz, .zst), JSON, CSV / TSV, Parquet or Arrow files — or a folder of them.</p>
        <div className="row">
          <button type="button" onClick={() => picker.current?.click()}>
            Choose files…
          </button>
          <button type="button" onClick={() => void browse()}>
            Open path…
          </button>
          {sample !== undefined && (
            <button type="button" onClick={() => void openDataset(sample, { label: 'Sample dataset (GSM8K)', isSample: true })}>
              Open the sample dataset
            </button>
          )}
        </div>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-label="Choose dataset files"
          onChange={(e) => {
            onPicked(e.target.files)
            e.target.value = ''
          }}
        />
      </div>
    </section>
  )
}
