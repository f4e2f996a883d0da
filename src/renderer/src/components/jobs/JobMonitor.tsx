import { useStore } from '../../app/store'
import { closeJob, openWorkDir } from '../../features/jobs/job-actions'
import { showView } from '../../app/app-actions'
import { ErrorPanel } from '../ErrorPanel'
import { JobMonitorView } from './JobMonitorView'
import './jobs.css'

/** The open job: live monitor while it runs, report once it ended. */
export function JobMonitor(): React.JSX.Element {
  const job = useStore((s) => s.job)
  if (job.status === 'closed') {
    return (
      <section className="monitor-empty" aria-label="Job">
        <p>No job is open. Open one from the Jobs list, or start one from Run.</p>
        <div className="row">
          <button type="button" onClick={() => showView('jobs')}>
            Go to Jobs
          </button>
          <button type="button" onClick={() => showView('run')}>
            Run a recipe
          </button>
        </div>
      </section>
    )
  }
  if (job.status === 'loading') {
    return (
      <div className="loading" role="status" aria-live="polite">
        Reading {job.workDir}…
      </div>
    )
  }
  if (job.status === 'error') {
    return (
      <section aria-label="Job">
        <ErrorPanel title={`Cannot open ${job.workDir}`} error={job.error} />
        <div className="row">
          <button type="button" onClick={() => void openWorkDir(job.workDir)}>
            Try again
          </button>
          <button type="button" onClick={closeJob}>
            Close
          </button>
        </div>
      </section>
    )
  }
  // A fresh view per job: a selected partition or a log filter belongs to the job it was chosen on.
  return <JobMonitorView key={job.details.workDir} details={job.details} refreshError={job.refreshError} />
}
