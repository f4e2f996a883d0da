import { useEffect, useRef } from 'react'
import { jobLive, type LiveJob } from '../features/jobs/job-live'
import { overallFraction } from '../features/jobs/job-live-model'
import { formatCount } from '../format'
import './jobs/jobs.css'

/** Partitions done as the work directory told it, for a job that pushes no progress (run by another process). */
export interface RecordedProgress {
  done: number
  total: number
}

/** A job's overall progress, drawn straight from the live store's subscription: no React render per report. */
export function JobProgressBar({ workDir, recorded }: { workDir: string; recorded?: RecordedProgress }): React.JSX.Element {
  const root = useRef<HTMLDivElement>(null)
  const fill = useRef<HTMLDivElement>(null)
  const text = useRef<HTMLSpanElement>(null)
  const recordedDone = recorded?.done
  const recordedTotal = recorded?.total
  useEffect(() => {
    const draw = (all: Record<string, LiveJob>): void => {
      if (root.current === null || fill.current === null || text.current === null) return
      const p = all[workDir]?.progress ?? null
      let fraction = 0
      let label = 'Starting…'
      if (p !== null) {
        fraction = overallFraction(p)
        const stage = p.stages > 1 ? `stage ${Math.min(p.stage + 1, p.stages)} of ${p.stages} · ` : ''
        const failed = p.partitions.failed > 0 ? ` · ${p.partitions.failed} failed` : ''
        label = `${Math.floor(fraction * 100)}% · ${stage}${formatCount(p.partitions.done)} of ${formatCount(p.partitions.total)} partitions${failed}${p.paused ? ' · paused' : ''}`
      } else if (recordedTotal !== undefined && recordedDone !== undefined) {
        fraction = recordedTotal > 0 ? recordedDone / recordedTotal : 0
        label = `${Math.floor(fraction * 100)}% · ${formatCount(recordedDone)} of ${formatCount(recordedTotal)} partitions`
      }
      fill.current.style.width = `${(fraction * 100).toFixed(1)}%`
      root.current.setAttribute('aria-valuenow', String(Math.floor(fraction * 100)))
      root.current.setAttribute('aria-valuetext', label)
      text.current.textContent = label
    }
    draw(jobLive.getState())
    return jobLive.subscribe(draw)
  }, [workDir, recordedDone, recordedTotal])
  return (
    <div ref={root} className="job-progress" role="progressbar" aria-label="Job progress" aria-valuemin={0} aria-valuemax={100}>
      <div ref={fill} className="job-progress-fill" />
      <span ref={text} className="job-progress-text" />
    </div>
  )
}
