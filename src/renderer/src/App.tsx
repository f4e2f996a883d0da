import { useShallow } from 'zustand/react/shallow'
import { useStore } from './app/store'
import { showView } from './app/app-actions'
import { browse } from './features/browser/browser-actions'
import { dismissDatasetProblem } from './features/dataset/dataset-actions'
import { VIEWS, viewAvailable } from './app/nav-slice'
import { DropZone } from './components/DropZone'
import { DatasetView } from './components/DatasetView'
import { EmptyState } from './components/EmptyState'
import { ErrorPanel } from './components/ErrorPanel'
import { PathBrowser } from './components/PathBrowser'
import { UploadBar } from './components/UploadBar'
import { Inspector } from './components/Inspector'
import { RunView } from './components/RunView'
import { JobsHome } from './components/jobs/JobsHome'
import { JobMonitor } from './components/jobs/JobMonitor'
import { RecipeBuilder } from './components/recipe/RecipeBuilder'
import { ShortcutHelp } from './components/ShortcutHelp'
import { ThemeSwitch } from './components/ThemeSwitch'
import { SHORTCUT_KEYS } from './shortcuts'

function DatasetPane(): React.JSX.Element {
  const dataset = useStore((s) => s.dataset)
  const problem = useStore((s) => s.datasetProblem)
  if (dataset.status === 'empty') return <EmptyState />
  if (dataset.status === 'loading') {
    return (
      <div className="loading" role="status" aria-live="polite">
        Reading {dataset.label}…
      </div>
    )
  }
  if (dataset.status === 'error') {
    return (
      <>
        <ErrorPanel title={`Cannot open ${dataset.label}`} error={dataset.error} />
        <EmptyState compact />
      </>
    )
  }
  return (
    <>
      {problem !== null && (
        <div className="kept-open">
          <ErrorPanel title={`Cannot open ${problem.label}`} error={problem.error} />
          <p className="muted small row space-between">
            <span>The dataset that was open stays open.</span>
            <button type="button" className="small-button" onClick={dismissDatasetProblem}>
              Dismiss
            </button>
          </p>
        </div>
      )}
      <DatasetView />
    </>
  )
}

export function App(): React.JSX.Element {
  const { view, jobOpen, inspectorOpen, backendError, version, transport } = useStore(
    useShallow((s) => ({
      view: s.view,
      jobOpen: s.job.status !== 'closed',
      inspectorOpen: s.inspector.status !== 'closed',
      backendError: s.backendError,
      version: s.info?.version,
      transport: s.info?.transport
    }))
  )
  return (
    <DropZone>
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span>Sieve</span>
          {version !== undefined && <span className="muted small">v{version}</span>}
        </div>
        <div className="topbar-actions">
          <ThemeSwitch />
          <button type="button" onClick={() => void browse()} aria-label="Open path…" aria-keyshortcuts="Control+O">
            Open path…
          </button>
          {transport !== undefined && (
            <span className="muted small" title="How this window talks to the Sieve backend">
              {transport === 'ipc' ? 'desktop' : 'browser'}
            </span>
          )}
        </div>
      </header>
      <UploadBar />
      <div className="shell">
        <nav className="sidebar" aria-label="Views">
          {VIEWS.map((v, i) => ({ ...v, key: SHORTCUT_KEYS[i]! }))
            .filter((v) => viewAvailable(v.view, { job: jobOpen, inspector: inspectorOpen }))
            .map((v) => (
              <button
                key={v.view}
                type="button"
                className={view === v.view ? 'nav-item active' : 'nav-item'}
                aria-current={view === v.view ? 'page' : undefined}
                aria-keyshortcuts={`Control+${v.key}`}
                title={`${v.label} (Ctrl+${v.key})`}
                onClick={() => showView(v.view)}
              >
                {v.label}
              </button>
            ))}
        </nav>
        <main className="content">
          {backendError !== null && <ErrorPanel title="The Sieve backend cannot be reached" error={{ code: 'INTERNAL', message: backendError }} />}
          {view === 'jobs' && <JobsHome />}
          {view === 'dataset' && <DatasetPane />}
          {view === 'recipe' && <RecipeBuilder />}
          {view === 'run' && <RunView />}
          {view === 'job' && <JobMonitor />}
          {view === 'inspector' && <Inspector />}
        </main>
      </div>
      <PathBrowser />
      <ShortcutHelp />
    </DropZone>
  )
}
