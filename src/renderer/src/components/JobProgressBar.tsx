import { useEffect, useRef } from 'react'
import { jobProgress } from '../store/job-progress'
import type { JobProgressPayload } from '../../../shared/jobs'

/** A running job's progress, drawn straight from the progress store's subscription. */
export function JobProgressBar({ workDir }: { workDir: string }): React.JSX.Element {
  const root = useRef<HTMLDivElement>(null)
  const fill = useRef<HTMLDivElement>(null)
  const text = useRef<HTMLSpanElement>(null)
  useEffect(() => {
    const draw = (all: Record<string, JobProgressPayload>): void => {
      const p = all[workDir]
      if (root.current === null || fill.current === null || text.current === null) return
      const done = p === undefined ? 0 : p.partitions.done / Math.max(1, p.partitions.total)
      fill.current.style.width = `${(done * 100).toFixed(1)}%`
      root.current.setAttribute('aria-valuenow', String(Math.round(done * 100)))
      text.current.textContent =
        p === undefined
          ? 'Starting…'
          : `stage ${p.stage + 1}/${p.stages} · ${p.partitions.done}/${p.partitions.total} partitions · ${Math.round(p.rows_per_s).toLocaleString('en-US')} rows/s`
    }
    draw(jobProgress.getState())
    return jobProgress.subscribe(draw)
  }, [workDir])
  return (
    <div ref={root} className="upload-bar job-progress" role="progressbar" aria-label="Job progress" aria-valuemin={0} aria-valuemax={100}>
      <div ref={fill} className="upload-fill" />
      <span ref={text} className="upload-text" />
    </div>
  )
}
