import { useEffect, useRef } from 'react'
import { jobLive, type LiveJob } from '../../features/jobs/job-live'
import { etaSeconds, recentRate } from '../../features/jobs/job-live-model'
import { formatCount } from '../../format'
import { durationSeconds, formatDuration } from './job-format'
import './jobs.css'

const STATS = ['rows', 'rate', 'mbps', 'elapsed', 'active', 'eta'] as const
type Stat = (typeof STATS)[number]
/** Each figure with its unit; the definitions are job-figures' (throughput: rows through the whole chain per active second). */
const LABELS: Record<Stat, string> = {
  rows: 'Rows read',
  rate: 'Throughput (rows/s)',
  mbps: 'Input (MB/s)',
  elapsed: 'Elapsed',
  active: 'Active',
  eta: 'ETA'
}
const HINTS: Record<Stat, string> = {
  rows: 'Input rows read so far (later stages read checkpoints, not the input)',
  rate: 'Rows through the whole chain per active second, over the last 15 active seconds',
  mbps: 'Input megabytes read per active second, since this run began',
  elapsed: 'Wall time of this run, pauses included',
  active: 'Wall time less the time paused with no partition running: what the rates are measured over',
  eta: 'Time left at the throughput now; none while paused'
}

function statTexts(job: LiveJob | undefined, startedAt: string): Record<Stat, string> {
  const p = job?.progress ?? null
  if (p === null) return { rows: '—', rate: '—', mbps: '—', elapsed: formatDuration(durationSeconds(startedAt, null)), active: '—', eta: '—' }
  const eta = etaSeconds(job!.samples, p)
  return {
    rows: `${formatCount(p.rows_done)} of ${formatCount(p.rows_total)}`,
    // Paused, nothing moves: a rate would be the last one, frozen.
    rate: p.paused ? '—' : formatCount(Math.round(recentRate(job!.samples, p))),
    mbps: p.paused || p.active_ms <= 0 ? '—' : (p.bytes_per_s / (1 << 20)).toFixed(1),
    elapsed: formatDuration(p.elapsed_ms / 1000),
    active: formatDuration(p.active_ms / 1000),
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
        <div key={stat} title={HINTS[stat]}>
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
