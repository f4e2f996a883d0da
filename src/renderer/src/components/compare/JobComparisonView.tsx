import { useEffect, useId, useRef } from 'react'
import type { ComparedJob } from '../../../../shared/analysis'
import { useStore } from '../../app/store'
import { closeComparison, swapComparison } from '../../features/compare/compare-actions'
import { formatCount } from '../../format'
import { ErrorPanel } from '../ErrorPanel'
import { formatDuration } from '../jobs/job-format'
import { formatShare } from '../recipe/threshold'
import { ComparedFunnel } from './ComparedFunnel'
import { ComparedStats } from './ComparedStats'
import './compare.css'

/** A difference with its sign, as B − A: "+1,234", "−56", "0". */
function signed(value: number, format: (magnitude: number) => string): string {
  if (value === 0) return format(0)
  return `${value > 0 ? '+' : '−'}${format(Math.abs(value))}`
}

function keptShare(job: ComparedJob): number {
  return job.rowsIn > 0 ? job.rowsOut / job.rowsIn : 0
}

/** Rows in and out, the share kept and the run time of both jobs, with B's difference from A. */
function Totals({ jobs }: { jobs: [ComparedJob, ComparedJob] }): React.JSX.Element {
  const [a, b] = jobs
  const seconds = (job: ComparedJob): number => job.millis / 1000
  const lines: { label: string; a: string; b: string; difference: string }[] = [
    { label: 'Rows in', a: formatCount(a.rowsIn), b: formatCount(b.rowsIn), difference: signed(b.rowsIn - a.rowsIn, formatCount) },
    { label: 'Rows out', a: formatCount(a.rowsOut), b: formatCount(b.rowsOut), difference: signed(b.rowsOut - a.rowsOut, formatCount) },
    {
      label: 'Kept',
      a: formatShare(keptShare(a)),
      b: formatShare(keptShare(b)),
      difference: `${signed(Math.round((keptShare(b) - keptShare(a)) * 1000) / 10, (n) => n.toFixed(1))} points`
    },
    {
      label: 'Run time',
      a: formatDuration(seconds(a)),
      b: formatDuration(seconds(b)),
      difference: signed(seconds(b) - seconds(a), formatDuration)
    }
  ]
  return (
    <table className="mini-table compare-totals" aria-label="Totals of both jobs">
      <thead>
        <tr>
          <th>
            <span className="visually-hidden">Figure</span>
          </th>
          <th className="num">
            <span className="stat-swatch a" aria-hidden="true" /> A
          </th>
          <th className="num">
            <span className="stat-swatch b" aria-hidden="true" /> B
          </th>
          <th className="num">B − A</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.label}>
            <th scope="row">{line.label}</th>
            <td className="num">{line.a}</td>
            <td className="num">{line.b}</td>
            <td className="num muted">{line.difference}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** Which job is A and which B: their names and work directories, in the charts' colours. */
function Legend({ jobs }: { jobs: [ComparedJob, ComparedJob] }): React.JSX.Element {
  return (
    <dl className="compare-legend">
      {jobs.map((job, i) => {
        const side = i === 0 ? 'A' : 'B'
        return (
          <div key={side}>
            <dt>
              <span className={`stat-swatch ${side.toLowerCase()}`} aria-hidden="true" /> Job {side}
            </dt>
            <dd>
              <strong>{job.name}</strong>
              <div className="mono small muted clip-text" title={job.workDir}>
                {job.workDir}
              </div>
            </dd>
          </div>
        )
      })}
    </dl>
  )
}

/** Two finished jobs side by side, in the Jobs view: totals, the funnel per operator, the stats of their outputs. */
export function JobComparisonView(): React.JSX.Element | null {
  const comparison = useStore((s) => s.comparison)
  const titleId = useId()
  const title = useRef<HTMLHeadingElement>(null)
  // The comparison replaces the list: the focus moves to its title, where a screen reader starts reading it.
  useEffect(() => title.current?.focus(), [])
  if (comparison.status === 'closed') return null
  const jobs = comparison.status === 'ready' ? comparison.comparison.jobs : null
  return (
    <section className="job-comparison" aria-labelledby={titleId}>
      <div className="row jobs-head">
        <h1 id={titleId} className="view-title" tabIndex={-1} ref={title}>
          Compare jobs
        </h1>
        <div className="row">
          {jobs !== null && (
            <button type="button" title="Make job B job A" onClick={swapComparison}>
              Swap A and B
            </button>
          )}
          <button type="button" onClick={closeComparison}>
            Back to the jobs
          </button>
        </div>
      </div>
      {comparison.status === 'loading' && (
        <div className="loading" role="status">
          Comparing the two jobs: reading their reports and the stats of their outputs…
        </div>
      )}
      {comparison.status === 'error' && <ErrorPanel title="Cannot compare these jobs" error={comparison.error} />}
      {jobs !== null && (
        <>
          <div className="panel compare-head">
            <Legend jobs={jobs} />
            <Totals jobs={jobs} />
          </div>
          <ComparedFunnel jobs={jobs} />
          <ComparedStats jobs={jobs} />
        </>
      )}
    </section>
  )
}
