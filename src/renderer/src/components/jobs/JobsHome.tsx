import { useEffect, useId } from 'react'
import { useStore } from '../../app/store'
import { browse } from '../../features/browser/browser-actions'
import { COMPARED, openComparison } from '../../features/compare/compare-actions'
import { validPicks } from '../../features/compare/compare-slice'
import { loadJobs } from '../../features/jobs/job-actions'
import { ErrorPanel } from '../ErrorPanel'
import { JobComparisonView } from '../compare/JobComparisonView'
import { JobsEmpty } from './JobsEmpty'
import { JobsTable } from './JobsTable'
import './jobs.css'

/** The home view: every known job with its status; an interrupted one offers Resume. */
export function JobsHome(): React.JSX.Element {
  const jobs = useStore((s) => s.jobs)
  const comparing = useStore((s) => s.comparison.status !== 'closed')
  const comparePicks = useStore((s) => s.comparePicks)
  const titleId = useId()
  useEffect(() => {
    void loadJobs()
  }, [])
  if (comparing) return <JobComparisonView />
  const picks = jobs.status === 'ready' ? validPicks(comparePicks, jobs.list) : []
  const interrupted = jobs.status === 'ready' ? jobs.list.filter((j) => j.status === 'interrupted').length : 0
  return (
    <section className="jobs-home" aria-labelledby={titleId}>
      <div className="row jobs-head">
        <h1 id={titleId} className="view-title">
          Jobs
        </h1>
        <div className="row">
          <button
            type="button"
            disabled={picks.length !== COMPARED}
            title={picks.length === COMPARED ? 'Compare the two ticked jobs side by side' : 'Tick two finished jobs in the list to compare them'}
            onClick={() => void openComparison(picks[0]!, picks[1]!)}
          >
            Compare{picks.length > 0 ? ` (${picks.length} of ${COMPARED})` : ''}
          </button>
          <button type="button" onClick={() => void browse(undefined, 'open')}>
            Open work directory…
          </button>
          <button type="button" aria-label="Refresh the list of jobs" onClick={() => void loadJobs()}>
            Refresh
          </button>
        </div>
      </div>
      {interrupted > 0 && (
        <div className="notice" role="note">
          {interrupted === 1 ? 'A job was interrupted.' : `${interrupted} jobs were interrupted.`} Resume continues from what its manifest records:
          finished partitions are verified and kept, the others restart from their last checkpoint.
        </div>
      )}
      {jobs.status === 'loading' && (
        <div className="loading" role="status">
          Reading jobs…
        </div>
      )}
      {jobs.status === 'error' && <ErrorPanel title="Cannot list the jobs" error={jobs.error} />}
      {jobs.status === 'ready' && (jobs.list.length === 0 ? <JobsEmpty /> : <JobsTable list={jobs.list} picks={picks} />)}
    </section>
  )
}
