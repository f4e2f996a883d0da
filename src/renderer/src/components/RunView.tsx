import { useEffect, useState } from 'react'
import { api } from '../api/client'
import { useStore } from '../store'
import { closeRun, openWorkDir } from '../store/actions'
import { SieveError } from '../../../shared/errors'

interface Check {
  ok: boolean
  message: string
}

/**
 * Run a recipe: its YAML (checked as you type, problems shown with their line), where the output
 * goes and how many workers; Start runs it in the backend and opens the job with its progress.
 */
export function RunView(): React.JSX.Element | null {
  const run = useStore((s) => s.run)
  const [yaml, setYaml] = useState('')
  const [baseDir, setBaseDir] = useState('')
  const [exportPath, setExportPath] = useState('')
  const [workDir, setWorkDir] = useState('')
  const [np, setNp] = useState('')
  const [check, setCheck] = useState<Check | null>(null)
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!run.open || run.recipePath === null) return
    void api.readRecipe({ path: run.recipePath }).then(
      (r) => {
        setYaml(r.yaml)
        setBaseDir(r.baseDir)
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err))
    )
  }, [run.open, run.recipePath])

  useEffect(() => {
    if (yaml === '') return
    const timer = setTimeout(() => {
      api.validateRecipe({ yaml, ...(baseDir !== '' ? { baseDir } : {}) }).then(
        (r) => setCheck({ ok: true, message: `${r.recipe.process.length} operator(s); output ${r.recipe.export_path}${r.notes.length > 0 ? ` — ${r.notes.join(' ')}` : ''}` }),
        (err: unknown) => setCheck({ ok: false, message: err instanceof SieveError || err instanceof Error ? err.message : String(err) })
      )
    }, 250)
    return () => clearTimeout(timer)
  }, [yaml, baseDir])

  if (!run.open) return null

  const start = async (): Promise<void> => {
    setStarting(true)
    setError(null)
    try {
      const started = await api.startJob({
        yaml,
        ...(baseDir !== '' ? { baseDir } : {}),
        ...(exportPath.trim() !== '' ? { exportPath: exportPath.trim() } : {}),
        ...(workDir.trim() !== '' ? { workDir: workDir.trim() } : {}),
        ...(np.trim() !== '' ? { np: Number(np) } : {})
      })
      closeRun()
      await openWorkDir(started.workDir)
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err))
    } finally {
      setStarting(false)
    }
  }

  return (
    <section className="run" aria-label="Run a recipe">
      <div className="row job-head">
        <h1 className="dataset-title">Run a recipe</h1>
        <button type="button" onClick={closeRun}>
          Close
        </button>
      </div>
      <label className="field">
        <span>Recipe (Data-Juicer YAML)</span>
        <textarea className="mono yaml" aria-label="Recipe YAML" value={yaml} spellCheck={false} onChange={(e) => setYaml(e.target.value)} rows={18} />
      </label>
      {check !== null && (
        <div className={check.ok ? 'muted small' : 'error-panel'} role={check.ok ? 'status' : 'alert'} data-testid="recipe-check">
          {check.message}
        </div>
      )}
      <div className="settings">
        <label className="field">
          <span>Output</span>
          <input className="mono" aria-label="Output path" placeholder="from the recipe" value={exportPath} onChange={(e) => setExportPath(e.target.value)} />
          <small className="muted">Where the result is written; .parquet, .jsonl or .arrow. Empty keeps the recipe's export_path.</small>
        </label>
        <label className="field">
          <span>Work directory</span>
          <input className="mono" aria-label="Work directory" placeholder="next to the output" value={workDir} onChange={(e) => setWorkDir(e.target.value)} />
          <small className="muted">Checkpoints, logs and the manifest: what makes a job resumable.</small>
        </label>
        <label className="field">
          <span>Workers</span>
          <input aria-label="Workers" inputMode="numeric" placeholder="from the recipe" value={np} onChange={(e) => setNp(e.target.value.replace(/[^0-9]/g, ''))} />
          <small className="muted">Partitions processed at once; one per core you can spare.</small>
        </label>
      </div>
      {error !== null && (
        <div className="error-panel" role="alert">
          {error}
        </div>
      )}
      <div className="row">
        <button type="button" className="primary" disabled={starting || check?.ok !== true} onClick={() => void start()}>
          {starting ? 'Starting…' : 'Start'}
        </button>
      </div>
    </section>
  )
}
