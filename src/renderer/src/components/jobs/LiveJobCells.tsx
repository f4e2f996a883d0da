import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import type { JobSummary } from '../../../../shared/jobs'
import { jobLive } from '../../features/jobs/job-live'
import { formatCount } from '../../format'
import { durationSeconds, formatDuration } from './job-format'

/** Partitions done of all: live from progress while the job runs, as recorded otherwise. */
export function PartitionsCell({ job }: { job: JobSummary }): React.JSX.Element {
  // The counts, not the partitions object: each progress report replaces that object, the counts change far less often.
  const live = useStore(
    jobLive,
    useShallow((s) => {
      const p = job.status === 'running' ? s[job.workDir]?.progress?.partitions : undefined
      return p === undefined ? undefined : { done: p.done, total: p.total, failed: p.failed }
    })
  )
  const total = live?.total ?? job.partitions.length
  const done = live?.done ?? job.partitions.filter((p) => p.status === 'done').length
  const failed = live?.failed ?? job.partitions.filter((p) => p.status === 'failed').length
  const ratio = total > 0 ? done / total : 0
  return (
    <div className="mini-progress" title={`${done} of ${total} partitions done${failed > 0 ? `, ${failed} failed` : ''}`}>
      <div className="mini-bar" aria-hidden="true">
        <div className="mini-fill" style={{ width: `${(ratio * 100).toFixed(1)}%` }} />
      </div>
      <span className="small">
        {formatCount(done)} / {formatCount(total)}
        {failed > 0 && <span className="failed-count"> · {formatCount(failed)} failed</span>}
      </span>
    </div>
  )
}

/** How long the job ran, or has been running (from its progress, to the second); unknown for one that was killed. */
export function DurationCell({ job }: { job: JobSummary }): React.JSX.Element {
  const elapsedS = useStore(jobLive, (s) => {
    const p = job.status === 'running' ? s[job.workDir]?.progress : undefined
    return p === undefined || p === null ? undefined : Math.floor(p.elapsed_ms / 1000)
  })
  if (elapsedS !== undefined) return <>{formatDuration(elapsedS)}</>
  if (job.finishedAt === null && job.status !== 'running') return <span className="muted">—</span>
  return <>{formatDuration(durationSeconds(job.startedAt, job.finishedAt))}</>
}
