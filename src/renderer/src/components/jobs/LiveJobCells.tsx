import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { reachedLabel, reachedProgress } from '../../../../shared/job-figures'
import type { JobSummary } from '../../../../shared/jobs'
import { jobLive } from '../../features/jobs/job-live'
import { overallFraction, shownStatus } from '../../features/jobs/job-live-model'
import { formatCount } from '../../format'
import { durationSeconds, formatDuration } from './job-format'
import { StatusBadge } from './StatusBadge'

/** The status, paused included: live from progress while the job runs here, as listed otherwise. */
export function StatusCell({ job }: { job: JobSummary }): React.JSX.Element {
  const paused = useStore(jobLive, (s) => (job.status === 'running' ? s[job.workDir]?.progress?.paused : undefined))
  return <StatusBadge status={shownStatus(job.status, paused ?? job.paused)} />
}

/**
 * How far the job got: live from progress while it runs, as recorded otherwise, stage by stage (a
 * job stopped during its first stage shows the partitions that finished it, not "0 done").
 */
export function PartitionsCell({ job }: { job: JobSummary }): React.JSX.Element {
  // The counts, not the partitions object: each progress report replaces that object, the counts change far less often.
  const live = useStore(
    jobLive,
    useShallow((s) => {
      const p = job.status === 'running' ? s[job.workDir]?.progress : undefined
      return p === undefined || p === null
        ? undefined
        : { done: p.partitions.done, total: p.partitions.total, failed: p.partitions.failed, fraction: Math.floor(overallFraction(p) * 1000) }
    })
  )
  const recorded = reachedProgress(job.partitions, job.stages)
  const fraction = live !== undefined ? live.fraction / 1000 : recorded.fraction
  const failed = live !== undefined && live.failed > 0 ? ` · ${formatCount(live.failed)} failed` : ''
  const label = live !== undefined ? `${formatCount(live.done)}/${formatCount(live.total)} done${failed}` : reachedLabel(recorded, formatCount, true)
  const title =
    live !== undefined ? `${formatCount(live.done)} of ${formatCount(live.total)} partitions done${failed}` : reachedLabel(recorded, formatCount)
  return (
    <div className="mini-progress" title={`${Math.floor(fraction * 100)}% · ${title}`}>
      <div className="mini-bar" aria-hidden="true">
        <div className="mini-fill" style={{ width: `${(fraction * 100).toFixed(1)}%` }} />
      </div>
      <span className="small" data-testid="job-reached">
        {Math.floor(fraction * 100)}% · {label}
      </span>
    </div>
  )
}

/**
 * The run time: the last run's wall time (the report's Run time), or while it runs the time since
 * it began; unknown for a run that never ended (its process was killed).
 */
export function DurationCell({ job }: { job: JobSummary }): React.JSX.Element {
  const elapsedS = useStore(jobLive, (s) => {
    const p = job.status === 'running' ? s[job.workDir]?.progress : undefined
    return p === undefined || p === null ? undefined : Math.floor(p.elapsed_ms / 1000)
  })
  if (elapsedS !== undefined) return <>{formatDuration(elapsedS)}</>
  if (job.status === 'running') return <>{formatDuration(durationSeconds(job.startedAt, null))}</>
  if (job.runSeconds === null) return <span className="muted">—</span>
  return <>{formatDuration(job.runSeconds)}</>
}
