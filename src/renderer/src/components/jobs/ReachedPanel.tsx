import { useId, useMemo } from 'react'
import { reachedProgress } from '../../../../shared/job-figures'
import type { JobDetails } from '../../../../shared/jobs'
import { formatCount } from '../../format'
import { JobProgressBar } from '../JobProgressBar'
import { formatDuration, formatRate } from './job-format'
import './jobs.css'

/**
 * A job that stopped short (cancelled, interrupted): how far it got, stage by stage, as its
 * manifest records it, so a cancel does not wipe what the monitor showed a moment before.
 */
export function ReachedPanel({ details }: { details: JobDetails }): React.JSX.Element {
  const titleId = useId()
  const reached = useMemo(() => reachedProgress(details.partitionDetails, details.stages), [details.partitionDetails, details.stages])
  const rowsRead = details.partitionDetails.reduce((n, p) => n + Math.min(p.rowsRead, p.rowsIn), 0)
  return (
    <section className="panel reached" aria-labelledby={titleId}>
      <h2 id={titleId} className="panel-title">
        Progress reached
      </h2>
      <JobProgressBar workDir={details.workDir} recorded={reached} live={false} />
      <dl className="facts">
        <div title="Input rows read before the job stopped">
          <dt>Rows read</dt>
          <dd>
            {formatCount(rowsRead)} of {formatCount(details.rowsPlanned)}
          </dd>
        </div>
        <div title="Rows in the results of the partitions that finished">
          <dt>Rows out so far</dt>
          <dd>{formatCount(details.rowsOut)}</dd>
        </div>
        <div title="Wall time of the last run, from its start or resume to its end, pauses included">
          <dt>Run time</dt>
          <dd>{details.wallSeconds === null ? '—' : formatDuration(details.wallSeconds)}</dd>
        </div>
        <div title="Rows through the whole chain per active second of the last run">
          <dt>Throughput</dt>
          <dd>{details.performance === null ? '—' : formatRate(details.performance.rowsPerS, 'rows')}</dd>
        </div>
      </dl>
    </section>
  )
}
