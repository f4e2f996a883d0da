import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './styles.css'
import { App } from './App'
import { loadAppInfo, openSampleIfIdle, openParquet, openPath, openWorkDir, refreshJobs } from './store/actions'
import { api } from './api/client'
import { jobProgress } from './store/job-progress'

api.onAppOpen(({ kind, path }) => {
  if (kind === 'workdir') {
    void openWorkDir(path)
  } else if (kind === 'parquet') {
    void openParquet(path)
  } else {
    void openPath(path)
  }
})

api.onJobProgress((progress) => jobProgress.setState({ [progress.work_dir]: progress }))
api.onJobEvent((event) => {
  if (event.event_type === 'job_complete' || event.event_type === 'job_failed') void refreshJobs(event.work_dir)
})

void loadAppInfo().then(openSampleIfIdle)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
