import { useId, useMemo } from 'react'
import { useStore } from 'zustand'
import type { StageRowsPoint } from '../../../../shared/jobs'
import { jobLive } from '../../features/jobs/job-live'
import { historySamples, type ThroughputSample } from '../../features/jobs/job-live-model'
import { formatCount } from '../../format'
import { formatDuration } from './job-format'
import './jobs.css'

const NO_SAMPLES: ThroughputSample[] = []
const WIDTH = 480
const HEIGHT = 120
const PAD = 4

interface ThroughputChartProps {
  workDir: string
  /** While it runs, the chart ends on the rate now; afterwards, on the run's average. */
  running: boolean
  /** The last run as its event log tells it, drawn when this window did not watch it. */
  history: readonly StageRowsPoint[]
  stages: number
  /** The run's throughput as the engine recorded it: the report's figure, which the chart's average shows. */
  finalRate: number | null
}

/**
 * Rows through the chain per second over the run as a line: live from the progress reports this
 * window receives (on active time), or afterwards from the event log. Its average is the report's throughput.
 */
export function ThroughputChart({ workDir, running, history, stages, finalRate }: ThroughputChartProps): React.JSX.Element {
  const live = useStore(jobLive, (s) => s[workDir]?.samples ?? NO_SAMPLES)
  const logged = useMemo(() => historySamples(history, stages), [history, stages])
  const fromLog = live.length < 2
  const samples = fromLog ? logged : live
  const titleId = useId()
  // A run in which no partition finished a stage has no rate to draw (a line along zero says nothing).
  const enough = samples.length >= 2 && samples.some((s) => s.rowsDone > 0)
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
  // One throughput: the engine's, as the report shows it; the line's own average only when the engine recorded none.
  const average = finalRate ?? (((samples[samples.length - 1]?.rowsDone ?? 0) - (samples[0]?.rowsDone ?? 0)) * 1000) / span
  const last = !running ? `average ${formatCount(Math.round(average))} rows/s` : `now ${formatCount(Math.round(now))} rows/s`
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
            aria-label={`Throughput over time: ${last}, peak ${formatCount(Math.round(peak))} rows/s over ${formatDuration(span / 1000)}`}
          >
            <line className="chart-grid" x1={0} x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} />
            <polygon className="chart-area" points={`${PAD},${HEIGHT - PAD} ${points} ${WIDTH - PAD},${HEIGHT - PAD}`} />
            <polyline className="chart-line" points={points} vectorEffect="non-scaling-stroke" />
          </svg>
          <figcaption className="row space-between small muted">
            <span>peak {formatCount(Math.round(peak))} rows/s</span>
            <span>{last}</span>
            <span title={fromLog ? 'Wall time of the run, from its event log' : 'Active time: pauses with nothing running left out'}>
              {formatDuration(span / 1000)} {fromLog ? 'wall' : 'active'}
            </span>
          </figcaption>
        </figure>
      ) : (
        <p className="muted small">
          {running
            ? 'Rows per second are drawn here as the job runs.'
            : samples.length >= 2
              ? 'No partition finished a stage in the last run, so there is no throughput to draw.'
              : finalRate !== null
                ? `${formatCount(Math.round(finalRate))} rows/s on average. The event log holds no history of this run to draw.`
                : 'The event log holds no history of this run to draw.'}
        </p>
      )}
    </section>
  )
}
