import type { JobSummary } from '../../../../shared/jobs'
import { COMPARED, toggleComparePick } from '../../features/compare/compare-actions'
import { canCompare } from '../../features/compare/compare-slice'
import { openWorkDir } from '../../features/jobs/job-actions'
import { canResume } from '../../features/jobs/job-live-model'
import { formatCount } from '../../format'
import { formatStart, jobName } from './job-format'
import { DurationCell, PartitionsCell, StatusCell } from './LiveJobCells'
import { ForgetButton } from './ForgetButton'
import { ResumeButton } from './ResumeButton'
import '../analysis/analysis.css'
import './jobs.css'

/** Rows out: counted once partitions finish; until one has, there is no figure to show (not zero). */
function rowsOutText(job: JobSummary): string {
  if (job.status === 'running' && job.rowsOut === 0) return '…'
  if (job.status !== 'completed' && !job.partitions.some((p) => p.status === 'done')) return '—'
  return formatCount(job.rowsOut)
}

/** A finished run's box to tick for a comparison; two ticked, the others wait until one is unticked. */
function ComparePick({ job, picks }: { job: JobSummary; picks: string[] }): React.JSX.Element | null {
  if (!canCompare(job)) return null
  const picked = picks.indexOf(job.workDir)
  return (
    <label
      className="compare-pick"
      title={picked >= 0 ? `Job ${picked === 0 ? 'A' : 'B'} of the comparison` : 'Tick two finished jobs to compare them'}
    >
      <input
        type="checkbox"
        checked={picked >= 0}
        disabled={picked < 0 && picks.length >= COMPARED}
        aria-label={`Compare ${jobName(job)}`}
        onChange={() => toggleComparePick(job.workDir)}
      />
      {picked >= 0 && <span className={`stat-swatch ${picked === 0 ? 'a' : 'b'}`} aria-hidden="true" />}
    </label>
  )
}

/** Every known job, newest first, each with what can be done with it; `picks` are the jobs ticked to compare. */
export function JobsTable({ list, picks }: { list: JobSummary[]; picks: string[] }): React.JSX.Element {
  // A start time that does not parse sorts last rather than scrambling the order.
  const startOf = (job: { startedAt: string }): number => Date.parse(job.startedAt) || 0
  const sorted = [...list].sort((a, b) => startOf(b) - startOf(a))
  return (
    <div className="table-wrap jobs-table-wrap">
      <table className="data jobs-table" aria-label="Jobs">
        <thead>
          <tr>
            <th title="Tick two finished jobs, then Compare">
              <span className="visually-hidden">Compare</span>
            </th>
            <th>Job</th>
            <th>Status</th>
            <th>Progress</th>
            <th className="num">Rows in → out</th>
            <th>Started</th>
            <th title="Wall time of the last run, pauses included: the report's Run time">Run time</th>
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((job) => (
            <tr key={job.workDir} className={job.status === 'interrupted' ? 'interrupted' : undefined}>
              <td className="compare-pick-cell">
                <ComparePick job={job} picks={picks} />
              </td>
              <td className="job-cell">
                <div className="job-name" title={jobName(job)}>
                  {jobName(job)}
                </div>
                <div className="mono small muted job-dir" title={job.workDir}>
                  {job.workDir}
                </div>
              </td>
              <td>
                <StatusCell job={job} />
              </td>
              <td>
                <PartitionsCell job={job} />
              </td>
              <td
                className="num nowrap"
                title={rowsOutText(job) === '—' ? 'No partition has finished yet: there are no rows out to count' : undefined}
              >
                {formatCount(job.rowsPlanned)} → {rowsOutText(job)}
                {job.badRecords > 0 && <div className="small failed-count">{formatCount(job.badRecords)} bad records</div>}
              </td>
              <td className="nowrap">{formatStart(job.startedAt)}</td>
              <td className="nowrap">
                <DurationCell job={job} />
              </td>
              <td>
                <div className="row row-actions">
                  {canResume(job.status) && <ResumeButton workDir={job.workDir} name={jobName(job)} prominent={job.status === 'interrupted'} />}
                  <button type="button" aria-label={`Open ${jobName(job)}`} onClick={() => void openWorkDir(job.workDir)}>
                    Open
                  </button>
                  {job.status !== 'running' && <ForgetButton workDir={job.workDir} name={jobName(job)} />}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
