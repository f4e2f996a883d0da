import { useShallow } from 'zustand/react/shallow'
import { useStore } from './store'
import { browse, openRun } from './store/actions'
import { DropZone } from './components/DropZone'
import { DatasetView } from './components/DatasetView'
import { EmptyState } from './components/EmptyState'
import { ErrorPanel } from './components/ErrorPanel'
import { PathBrowser } from './components/PathBrowser'
import { UploadBar } from './components/UploadBar'
import { Inspector } from './components/Inspector'
import { JobView } from './components/JobView'
import { RunView } from './components/RunView'

export function App(): React.JSX.Element {
  const { dataset, inspecting, jobOpen, runOpen, sampleRecipe, backendError, version, transport } = useStore(
    useShallow((s) => ({
      dataset: s.dataset,
      inspecting: s.inspector.status !== 'closed',
      jobOpen: s.job.status !== 'closed' || s.run.open,
      runOpen: s.run.open,
      sampleRecipe: s.info?.sampleRecipe,
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
          <button type="button" onClick={() => openRun(sampleRecipe ?? null)}>
            Run recipe…
          </button>
          <button type="button" onClick={() => void browse()} aria-label="Open path…">
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
      <main className="content">
        {backendError !== null && (
          <ErrorPanel title="The Sieve backend cannot be reached" error={{ code: 'INTERNAL', message: backendError }} />
        )}
        {inspecting && <Inspector />}
        {!inspecting && runOpen && <RunView />}
        {!inspecting && jobOpen && !runOpen && <JobView />}
        {!inspecting && !jobOpen && dataset.status === 'empty' && <EmptyState />}
        {!inspecting && !jobOpen && dataset.status === 'loading' && (
          <div className="loading" role="status" aria-live="polite">
            Reading {dataset.label}…
          </div>
        )}
        {!inspecting && !jobOpen && dataset.status === 'error' && (
          <>
            <ErrorPanel title={`Cannot open ${dataset.label}`} error={dataset.error} />
            <EmptyState compact />
          </>
        )}
        {!inspecting && !jobOpen && dataset.status === 'ready' && <DatasetView />}
      </main>
      <PathBrowser />
    </DropZone>
  )
}
