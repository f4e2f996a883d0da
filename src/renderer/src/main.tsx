import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './styles.css'
import { App } from './App'
import { loadAppInfo, showView } from './app/app-actions'
import { openSampleIfIdle, openPath } from './features/dataset/dataset-actions'
import { openParquet } from './features/inspector/inspector-actions'
import { openWorkDir, loadJobs } from './features/jobs/job-actions'
import { openRecipeFile } from './features/recipe/recipe-actions'
import { recordJobEvent, recordJobProgress } from './features/jobs/job-live'
import { analysisJobEnded, installAnalysisFinder } from './features/analysis/analysis-actions'
import { api } from './api/client'
import { useStore } from './app/store'
import { installShortcuts } from './shortcuts'
import { setDeps } from './app/deps'
import { installTheme } from './app/theme'
import { keepRecipeDrafts, restoreRecipeDraft, warnBeforeLeavingUnsaved } from './features/recipe/recipe-persistence'

setDeps({ api, confirm: (message) => window.confirm(message) })
installTheme()

api.onAppOpen(({ kind, path }) => {
  if (kind === 'workdir') {
    void openWorkDir(path)
  } else if (kind === 'parquet') {
    void openParquet(path)
  } else if (kind === 'recipe') {
    void openRecipeFile(path)
  } else {
    void openPath(path)
  }
})

api.onJobProgress(recordJobProgress)
api.onJobEvent(recordJobEvent)
api.onJobEvent(analysisJobEnded)
installAnalysisFinder()
installShortcuts()
// The recipe being built comes back after a reload (before anything could start a new one), and is kept from here on.
restoreRecipeDraft(window.localStorage)
keepRecipeDrafts(window.localStorage)
warnBeforeLeavingUnsaved(window)

/**
 * At start-up an interrupted job comes first, with its Resume; otherwise the sample dataset is shown.
 * Neither replaces what was opened meanwhile (the file the app was opened with, or the user's first action).
 */
void loadAppInfo().then(async () => {
  await loadJobs()
  const { jobs, view, dataset } = useStore.getState()
  if (view !== 'dataset' || dataset.status !== 'empty') return
  if (jobs.status === 'ready' && jobs.list.some((j) => j.status === 'interrupted')) showView('jobs')
  else await openSampleIfIdle()
})

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
