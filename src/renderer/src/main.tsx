import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './styles.css'
import { App } from './App'
import { loadAppInfo, openSampleIfIdle, openParquet, openPath, showError } from './store/actions'
import { api } from './api/client'

api.onAppOpen(({ kind, path }) => {
  if (kind === 'workdir') {
    showError(path, {
      code: 'BAD_REQUEST',
      message: `${path} is a work directory. This version of Sieve cannot open jobs yet; it opens datasets and Parquet files.`
    })
  } else if (kind === 'parquet') {
    void openParquet(path)
  } else {
    void openPath(path)
  }
})

void loadAppInfo().then(openSampleIfIdle)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
