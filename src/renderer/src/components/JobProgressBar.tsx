import { useEffect, useRef } from 'react'
import { reachedLabel, type ReachedProgress } from '../../../shared/job-figures'
import { jobLive, type LiveJob } from '../features/jobs/job-live'
import { overallFraction } from '../features/jobs/job-live-model'
import { formatCount } from '../format'
import './jobs/jobs.css'

/**
 * A job's overall progress (how far its rows are through every stage), drawn straight from the
 * live store's subscription while it runs: no React render per report. A job that pushes no
 * progress (run by another process), or is not running, shows what its work directory records.
 */
export function JobProgressBar({
  workDir,
  recorded,
  live = true
}: {
  workDir: string
  recorded?: ReachedProgress
  live?: boolean
}): React.JSX.Element {
  const root = useRef<HTMLDivElement>(null)
  const fill = useRef<HTMLDivElement>(null)
  const text = useRef<HTMLSpanElement>(null)
  useEffect(() => {
    const draw = (all: Record<string, LiveJob>): void => {
      if (root.current === null || fill.current === null || text.current === null) return
      const p = live ? (all[workDir]?.progress ?? null) : null
      let fraction = 0
      let label = 'Starting…'
      if (p !== null) {
        fraction = overallFraction(p)
        const reached = {
          fraction,
          done: p.partitions.done,
          total: p.partitions.total,
          failed: p.partitions.failed,
          stage: p.stage,
          stages: p.stages,
          finishedStage: p.partitions.finished_stage
        }
        label = `${Math.floor(fraction * 100)}% · ${reachedLabel(reached, formatCount)}${p.paused ? ' · paused' : ''}`
      } else if (recorded !== undefined) {
        fraction = recorded.fraction
        label = `${Math.floor(fraction * 100)}% · ${reachedLabel(recorded, formatCount)}`
      }
      fill.current.style.width = `${(fraction * 100).toFixed(1)}%`
      root.current.setAttribute('aria-valuenow', String(Math.floor(fraction * 100)))
      root.current.setAttribute('aria-valuetext', label)
      text.current.textContent = label
    }
    draw(jobLive.getState())
    return live ? jobLive.subscribe(draw) : undefined
  }, [workDir, recorded, live])
  return (
    <div ref={root} className="job-progress" role="progressbar" aria-label="Job progress" aria-valuemin={0} aria-valuemax={100}>
      <div ref={fill} className="job-progress-fill" />
      <span ref={text} className="job-progress-text" />
    </div>
  )
}
