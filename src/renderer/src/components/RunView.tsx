import { useEffect, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { Recipe } from '../../../shared/recipe'
import { useStore } from '../app/store'
import { startRecipeJob, type StartChoices } from '../features/jobs/job-actions'
import { startProblem, type StartProblem } from '../features/jobs/start-problem'
import { StartProblemPanel } from './jobs/StartProblem'
import { showView } from '../app/app-actions'
import { readSetting } from '../features/recipe/recipe-draft'
import { setFormProblem, setRecipeSetting } from '../features/recipe/recipe-actions'
import { formProblemKey } from '../features/recipe/form-problems'
import { browse, browseFor } from '../features/browser/browser-actions'
import { joinPath } from '../paths'
import { RunOption, type RunOptionSpec } from './RunOption'
import { RunBlockers, useRunBlockers } from './RunBlockers'
import { runBlockers } from '../features/recipe/run-readiness'

/** The run settings, each written into the recipe (so a saved recipe runs the same way), with the one line that explains it. */
const OPTIONS: RunOptionSpec[] = [
  {
    path: ['export_path'],
    label: 'Output',
    kind: 'text',
    help: 'Where the result is written. The extension (.parquet, .jsonl, .jsonl.gz, .arrow) picks the format.',
    wide: true
  },
  {
    path: ['export', 'format'],
    label: 'Format',
    kind: 'choice',
    choices: ['parquet', 'jsonl', 'arrow'],
    help: 'Overrides the format the extension implies.'
  },
  {
    path: ['export', 'compression'],
    label: 'Compression',
    kind: 'choice',
    choices: ['zstd', 'snappy', 'gzip', 'brotli', 'lz4', 'none'],
    help: 'Parquet column compression: zstd is small and quick to read; snappy is fastest to write.'
  },
  {
    path: ['export', 'max_file_size_mb'],
    label: 'Shard size (MB)',
    kind: 'number',
    min: 0,
    help: 'Splits the output into files of about this size; 0 writes one file.'
  },
  {
    path: ['work_dir'],
    label: 'Work directory',
    kind: 'text',
    help: 'Checkpoints, logs and the manifest: what makes the job resumable. Beside the output unless set.',
    wide: true
  },
  {
    path: ['partition_size'],
    label: 'Partition size (rows)',
    kind: 'number',
    min: 1,
    integer: true,
    help: 'Rows per partition: the unit of parallel work, retry and resume.'
  },
  {
    path: ['max_partition_size_mb'],
    label: 'Partition size limit (MB)',
    kind: 'number',
    min: 0,
    help: 'A partition is also cut at this many megabytes of input.'
  },
  {
    path: ['np'],
    label: 'Workers',
    kind: 'number',
    min: 1,
    integer: true,
    help: 'Partitions processed at once, each in its own thread: one per core you can spare.'
  },
  {
    path: ['checkpoint', 'strategy'],
    label: 'Checkpoints',
    kind: 'choice',
    choices: ['every_op', 'every_n_ops', 'manual', 'disabled'],
    help: 'How often a partition saves its rows: more often resumes closer to where it stopped, at some speed.'
  },
  { path: ['checkpoint', 'n_ops'], label: 'Checkpoint every N operators', kind: 'number', min: 1, integer: true, help: 'Used by every_n_ops.' },
  {
    path: ['max_retries'],
    label: 'Retries',
    kind: 'number',
    min: 0,
    integer: true,
    help: 'Times a failed partition is tried again (with growing waits) before it is marked failed.'
  },
  {
    path: ['on_bad_record'],
    label: 'Bad records',
    kind: 'choice',
    choices: ['skip', 'fail'],
    help: 'skip: a malformed input line goes to errors/ and the job goes on; fail: it stops the partition.'
  }
]

/** What the resolved recipe says for an option left unset: shown as its placeholder. */
function effectiveValue(recipe: Recipe | undefined, path: string[]): string {
  if (recipe === undefined) return ''
  const key = path.join('.')
  const values: Record<string, unknown> = {
    export_path: recipe.export_path,
    'export.format': recipe.export.format,
    'export.compression': recipe.export.compression,
    'export.max_file_size_mb': recipe.export.max_file_size_mb,
    work_dir: recipe.work_dir,
    partition_size: recipe.partition_size,
    max_partition_size_mb: recipe.max_partition_size_mb,
    np: recipe.np,
    'checkpoint.strategy': recipe.checkpoint.strategy,
    'checkpoint.n_ops': recipe.checkpoint.n_ops,
    max_retries: recipe.max_retries,
    on_bad_record: recipe.on_bad_record
  }
  const value = values[key]
  return value === undefined ? '' : String(value)
}

/**
 * Run: the recipe's run settings with their defaults, the recipe's check, and Start, which runs
 * the job in the backend and opens its monitor.
 */
export function RunView(): React.JSX.Element {
  const { yaml, check, projectPath, baseDir, formProblems } = useStore(
    useShallow((s) => ({
      yaml: s.recipe.yaml,
      check: s.recipe.check,
      projectPath: s.recipe.path,
      baseDir: s.recipe.baseDir,
      formProblems: s.recipe.formProblems
    }))
  )
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<StartProblem | null>(null)
  const resolved = check.status === 'ok' ? check.resolved : undefined
  const blockers = useRunBlockers()
  const keepsNothing = useStore((s) => s.preview.status === 'ready' && s.preview.result.rows > 0 && s.preview.result.steps.at(-1)?.rowsOut === 0)
  const canStart = !starting && blockers.length === 0

  /** Browses for a path setting, from where it points now (its default while unset). */
  const browsePath = (path: string[]): void => {
    const output = path[0] === 'export_path'
    const value = readSetting(yaml, path)
    const current = typeof value === 'string' && value !== '' ? joinPath(baseDir, value) : output ? resolved?.export_path : resolved?.work_dir
    if (current !== undefined) void browseFor(current.replace(/[\\/]+$/, ''), output ? 'export-path' : 'work-dir')
    else void browse(baseDir !== '' ? baseDir : undefined, output ? 'export-path' : 'work-dir', output ? 'result.parquet' : undefined)
  }

  const start = async (choices: StartChoices = {}): Promise<void> => {
    // Read from the store at the moment of starting, not from the last render: an edit a moment ago may block it.
    if (runBlockers(useStore.getState()).length > 0) return
    setStarting(true)
    setError(null)
    try {
      await startRecipeJob(choices)
    } catch (err) {
      setError(startProblem(err, choices))
    } finally {
      setStarting(false)
    }
  }

  // Ctrl+Enter starts, unless a dialog (the path browser, the shortcut list) is open over the view.
  const startRef = useRef(start)
  startRef.current = start
  useEffect(() => {
    if (!canStart) return
    const onKey = (e: KeyboardEvent): void => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && document.querySelector('dialog[open]') === null) {
        e.preventDefault()
        void startRef.current()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [canStart])

  if (yaml === '') {
    return (
      <section className="run empty" aria-label="Run">
        <div className="drop-target">
          <p className="drop-title">No recipe yet</p>
          <p className="muted">Build a chain of operators in the Recipe view (or open a recipe file), then come back here to run it.</p>
          <button type="button" className="primary" onClick={() => showView('recipe')}>
            Go to the recipe
          </button>
        </div>
      </section>
    )
  }

  return (
    <section className="run" aria-label="Run">
      <div className="row view-head">
        <div>
          <h1 className="dataset-title">Run {resolved?.project_name ?? 'the recipe'}</h1>
          <div className="muted small mono">{projectPath ?? 'unsaved recipe'}</div>
        </div>
        <button type="button" onClick={() => showView('recipe')}>
          ← Edit the recipe
        </button>
      </div>
      {blockers.length === 0 && check.status === 'ok' ? (
        <div className="notice" role="status" data-testid="run-check">
          {`${check.operators} operator${check.operators === 1 ? '' : 's'} on ${resolved?.dataset_path.join(', ')} → ${check.exportPath}${check.notes.length > 0 ? ` — ${check.notes.join(' ')}` : ''}`}
        </div>
      ) : (
        <RunBlockers blockers={blockers} id="run-blockers" testId="run-check" />
      )}
      {keepsNothing && (
        <div className="error-panel" role="status" data-testid="run-keeps-nothing">
          In the preview this chain keeps none of the sample rows: the output would likely be empty. See the Recipe view&apos;s preview.
        </div>
      )}
      <div className="settings">
        {OPTIONS.map((option) => (
          <RunOption
            key={option.path.join('.')}
            spec={option}
            value={readSetting(yaml, option.path)}
            placeholder={effectiveValue(resolved, option.path)}
            onChange={(value) => setRecipeSetting(option.path, value)}
            stored={formProblems[formProblemKey({ kind: 'setting', path: option.path })]}
            onProblem={(problem) =>
              setFormProblem(
                { kind: 'setting', path: option.path },
                problem === null ? null : { ...problem, label: option.label, base: readSetting(yaml, option.path) }
              )
            }
            {...(option.kind === 'text' ? { onBrowse: () => browsePath(option.path) } : {})}
          />
        ))}
      </div>
      {error !== null && <StartProblemPanel problem={error} busy={starting} onRetry={(choices) => void start(choices)} />}
      <div className="row">
        <button
          type="button"
          className="primary"
          disabled={!canStart}
          onClick={() => void start()}
          aria-keyshortcuts="Control+Enter"
          aria-describedby={blockers.length > 0 ? 'run-blockers' : undefined}
        >
          {starting ? 'Starting…' : 'Start'}
        </button>
        <span className="muted small">{blockers.length > 0 ? 'Start waits until the recipe above can run.' : 'Ctrl+Enter'}</span>
      </div>
    </section>
  )
}
