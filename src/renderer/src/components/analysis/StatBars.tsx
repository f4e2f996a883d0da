import { useState } from 'react'
import '../recipe/recipe.css'
import './analysis.css'
import type { Histogram } from '../../../../shared/analysis'
import { formatCount } from '../../format'
import { CountAxis, CountGrid, StatAxis, heightShare } from '../recipe/HistogramAxes'
import { binsOf, histogramDomain, positionOf, type Domain } from '../recipe/threshold'
import { formatValue } from '../recipe/ThresholdPlot'

const VIEW_WIDTH = 1000
const VIEW_HEIGHT = 100
const HEADROOM = 0.04

interface StatBarsProps {
  histogram: Histogram
  /** The chart's accessible name. */
  label: string
  /** The x range, shared by charts set side by side; else the histogram's own. */
  domain?: Domain
  /** The bars' colour: the kept rows', the dropped rows', or job A's or B's in a comparison. */
  tone?: 'kept' | 'dropped' | 'a' | 'b'
  /** A small chart without axes, for a table cell. */
  compact?: boolean
  statKey?: string
}

/** The x range that holds every one of these histograms, so their bars line up. */
export function sharedDomain(histograms: (Histogram | undefined)[]): Domain {
  const bins = histograms.flatMap((h) => (h === undefined ? [] : binsOf(h)))
  if (bins.length === 0) return { lo: 0, hi: 1 }
  const lo = Math.min(...bins.map((b) => b.from))
  const hi = Math.max(...bins.map((b) => b.to))
  return histogramDomain([{ from: lo, to: hi, count: 0 }], { min: null, max: null })
}

/**
 * A distribution as bins, drawn the way the preview's histograms are. It takes the focus: the arrow
 * keys step through the bins, each read out with its range and rows.
 */
export function StatBars({ histogram, label, domain, tone = 'kept', compact = false, statKey = '' }: StatBarsProps): React.JSX.Element {
  const bins = binsOf(histogram)
  const shown = domain ?? sharedDomain([histogram])
  const maxCount = Math.max(1, ...bins.map((b) => b.count))
  const [focused, setFocused] = useState<number | null>(null)
  const current = focused === null ? undefined : bins[focused]
  const total = bins.reduce((n, b) => n + b.count, 0)

  const onKey = (e: React.KeyboardEvent): void => {
    if (bins.length === 0) return
    const last = bins.length - 1
    const from = focused ?? -1
    const targets: Record<string, number> = {
      ArrowRight: Math.min(last, from + 1),
      ArrowUp: Math.min(last, from + 1),
      ArrowLeft: Math.max(0, from - 1),
      ArrowDown: Math.max(0, from - 1),
      Home: 0,
      End: last
    }
    const target = targets[e.key]
    if (target === undefined) return
    e.preventDefault()
    setFocused(target)
  }

  const plot = (
    <svg viewBox={`0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}`} preserveAspectRatio="none" className="histogram" aria-hidden="true">
      {!compact && <CountGrid maxCount={maxCount} headroom={HEADROOM} width={VIEW_WIDTH} height={VIEW_HEIGHT} />}
      {bins.map((bin, i) => {
        const x0 = positionOf(bin.from, shown) * VIEW_WIDTH
        const x1 = positionOf(bin.to, shown) * VIEW_WIDTH
        // Narrow bins (many of them in a part of a shared range) keep most of their width: the gap shrinks with them.
        const gap = Math.min(compact ? 1 : 2, (x1 - x0) * 0.2)
        const height = bin.count === 0 ? 0 : Math.max(1.5, heightShare(bin.count, maxCount, HEADROOM) * VIEW_HEIGHT)
        return (
          <rect
            key={i}
            className={`bar ${tone}${focused === i ? ' focused' : ''}`}
            x={x0}
            y={VIEW_HEIGHT - height}
            width={Math.max(0.5, x1 - x0 - gap)}
            height={height}
          />
        )
      })}
    </svg>
  )

  return (
    <div
      className={`stat-bars${compact ? ' compact' : ''}`}
      role="group"
      tabIndex={0}
      aria-label={`${label}: ${formatCount(total)} rows in ${bins.length} bins; arrow keys read the bins`}
      onKeyDown={onKey}
      onBlur={() => setFocused(null)}
    >
      {compact ? (
        <div className="stat-bars-plot">{plot}</div>
      ) : (
        <div className="threshold-chart">
          <CountAxis maxCount={maxCount} headroom={HEADROOM} />
          <div className="threshold-plot">{plot}</div>
          <span className="histogram-y-title small" aria-hidden="true">
            rows
          </span>
          <StatAxis domain={shown} statKey={statKey} />
        </div>
      )}
      <div className="stat-bars-readout small muted" aria-live="polite">
        {current !== undefined ? `${formatValue(current.from)} to ${formatValue(current.to)}: ${formatCount(current.count)} rows` : ''}
      </div>
    </div>
  )
}
