import { useId } from 'react'
import { useStore } from 'zustand'
import { jobLive } from '../../store/job-live'
import type { ThroughputSample } from '../../store/job-live-model'
import { formatCount } from '../../format'
import { formatDuration } from './job-format'
import './jobs.css'

const NO_SAMPLES: ThroughputSample[] = []
const WIDTH = 480
const HEIGHT = 120
const PAD = 4

/** Rows/s over the run as a line, from the progress reports this window received. */
export function ThroughputChart({ workDir, finalRate }: { workDir: string; finalRate: number | null }): React.JSX.Element {
  const samples = useStore(jobLive, (s) => s[workDir]?.samples ?? NO_SAMPLES)
  const titleId = useId()
  const enough = samples.length >= 2
  const peak = enough ? Math.max(1, ...samples.map((s) => s.rowsPerS)) : 1
  const start = samples[0]?.elapsedMs ?? 0
  const span = Math.max(1, (samples[samples.length - 1]?.elapsedMs ?? 0) - start)
  const points = samples
    .map((s) => {
      const x = PAD + ((s.elapsedMs - start) / span) * (WIDTH - 2 * PAD)
      const y = HEIGHT - PAD - (s.rowsPerS / (peak * 1.1)) * (HEIGHT - 2 * PAD)
      return `${x.toFixed(1)},${y.toFixed(1)}`
    })
    .join(' ')
  const now = samples[samples.length - 1]?.rowsPerS ?? 0
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId} className="panel-title">
        Throughput
      </h2>
      {enough ? (
        <figure className="chart">
          <svg
            viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
            preserveAspectRatio="none"
            role="img"
            aria-label={`Throughput over time: ${formatCount(Math.round(now))} rows/s now, peak ${formatCount(Math.round(peak))} rows/s over ${formatDuration(span / 1000)}`}
          >
            <line className="chart-grid" x1={0} x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} />
            <polygon className="chart-area" points={`${PAD},${HEIGHT - PAD} ${points} ${WIDTH - PAD},${HEIGHT - PAD}`} />
            <polyline className="chart-line" points={points} vectorEffect="non-scaling-stroke" />
          </svg>
          <figcaption className="row space-between small muted">
            <span>peak {formatCount(Math.round(peak))} rows/s</span>
            <span>now {formatCount(Math.round(now))} rows/s</span>
            <span>{formatDuration(span / 1000)}</span>
          </figcaption>
        </figure>
      ) : (
        <p className="muted small">
          {finalRate !== null
            ? `${formatCount(Math.round(finalRate))} rows/s on average. The chart is drawn while a job runs in this window.`
            : 'Rows per second are drawn here as the job runs.'}
        </p>
      )}
    </section>
  )
}
