import { useEffect, useRef, useState } from 'react'
import { useModalDialog } from '../../use-modal-dialog'
import { exportRecipe } from '../../features/recipe/recipe-actions'
import { asApiError } from '../../app/errors'

type Export = { status: 'loading' } | { status: 'ready'; yaml: string; warnings: string[] } | { status: 'error'; message: string }

/** The recipe as Data-Juicer's Ray executor takes it, to copy. */
export function ExportDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const dialog = useModalDialog()
  const text = useRef<HTMLTextAreaElement>(null)
  const [exported, setExported] = useState<Export>({ status: 'loading' })
  const [copied, setCopied] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    exportRecipe('ray').then(
      ({ yaml, warnings }) => current && setExported({ status: 'ready', yaml, warnings }),
      (err: unknown) => current && setExported({ status: 'error', message: asApiError(err).message })
    )
    return () => {
      current = false
    }
  }, [])

  const copy = async (yaml: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(yaml)
      setCopied('Copied to the clipboard.')
    } catch {
      text.current?.select()
      setCopied('The clipboard is not available here: the text is selected, press Ctrl+C.')
    }
  }

  return (
    <dialog ref={dialog} className="recipe-export" aria-labelledby="recipe-export-title" onClose={onClose}>
      <h2 id="recipe-export-title">Export for Ray</h2>
      <p className="small">
        This is your recipe in Data-Juicer&apos;s format for its Ray executor (<span className="mono">executor_type: ray</span>), its deduplicators
        replaced by the <span className="mono">ray_*</span> ones that work across the cluster, every path made absolute. Save it as a .yaml file on
        the cluster and run it with <span className="mono">dj-process --config recipe.yaml</span> when a job outgrows this machine.
      </p>
      {exported.status === 'loading' && <p className="muted">Exporting…</p>}
      {exported.status === 'error' && (
        <div className="error-panel" role="alert">
          Cannot export the recipe: {exported.message}
        </div>
      )}
      {exported.status === 'ready' && exported.warnings.length > 0 && (
        <ul className="export-warnings small" aria-label="Export warnings">
          {exported.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {exported.status === 'ready' && (
        <textarea ref={text} className="yaml export-yaml" aria-label="Ray recipe YAML" readOnly value={exported.yaml} rows={18} />
      )}
      <div className="row dialog-actions">
        <span className="muted small" role="status">
          {copied}
        </span>
        <button type="button" disabled={exported.status !== 'ready'} onClick={() => exported.status === 'ready' && void copy(exported.yaml)}>
          Copy
        </button>
        <button type="button" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  )
}
