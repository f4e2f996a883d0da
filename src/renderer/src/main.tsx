import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './styles.css'
import { App } from './App'
import { loadAppInfo, openSampleIfIdle, openParquet, openPath, openWorkDir } from './store/actions'
import { api } from './api/client'

api.onAppOpen(({ kind, path }) => {
  if (kind === 'workdir') {
    void openWorkDir(path)
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
