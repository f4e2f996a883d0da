import { useEffect, useRef } from 'react'
import { jobLive, type LiveJob } from '../../features/jobs/job-live'
import { etaSeconds, recentRate } from '../../features/jobs/job-live-model'
import { formatCount } from '../../format'
import { durationSeconds, formatDuration } from './job-format'
import './jobs.css'

const STATS = ['rows', 'rate', 'mbps', 'elapsed', 'eta'] as const
type Stat = (typeof STATS)[number]
const LABELS: Record<Stat, string> = { rows: 'Rows read', rate: 'Rows/s', mbps: 'MB/s', elapsed: 'Elapsed', eta: 'ETA' }

function statTexts(job: LiveJob | undefined, startedAt: string): Record<Stat, string> {
  const p = job?.progress ?? null
  if (p === null) return { rows: '—', rate: '—', mbps: '—', elapsed: formatDuration(durationSeconds(startedAt, null)), eta: '—' }
  const eta = etaSeconds(job!.samples, p)
  return {
    rows: `${formatCount(p.rows_done)} of ${formatCount(p.rows_total)}`,
    rate: formatCount(Math.round(recentRate(job!.samples, p))),
    mbps: p.elapsed_ms > 0 ? (p.bytes_per_s / (1 << 20)).toFixed(1) : '—',
    elapsed: formatDuration(p.elapsed_ms / 1000),
    eta: p.paused ? 'paused' : eta === null ? '—' : formatDuration(eta)
  }
}

/**
 * Rows/s, MB/s, elapsed time and ETA of a running job, written into the page on each report without
 * a React render. A job run by another process pushes no progress: only its elapsed time is known.
 */
export function LiveStats({ workDir, startedAt }: { workDir: string; startedAt: string }): React.JSX.Element {
  const cells = useRef<Partial<Record<Stat, HTMLElement | null>>>({})
  useEffect(() => {
    const draw = (all: Record<string, LiveJob>): void => {
      const texts = statTexts(all[workDir], startedAt)
      for (const stat of STATS) {
        const cell = cells.current[stat]
        if (cell != null && cell.textContent !== texts[stat]) cell.textContent = texts[stat]
      }
    }
    draw(jobLive.getState())
    const unsubscribe = jobLive.subscribe(draw)
    // A job run by another process pushes nothing: its elapsed time still has to move on.
    const ticker = setInterval(() => draw(jobLive.getState()), 1000)
    return () => {
      unsubscribe()
      clearInterval(ticker)
    }
  }, [workDir, startedAt])
  return (
    <dl className="facts live-stats" aria-label="Live statistics">
      {STATS.map((stat) => (
        <div key={stat}>
          <dt>{LABELS[stat]}</dt>
          <dd
            ref={(el) => {
              cells.current[stat] = el
            }}
          />
        </div>
      ))}
    </dl>
  )
}
