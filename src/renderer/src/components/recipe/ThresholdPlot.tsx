import { useMemo, useRef, useState } from 'react'
import { keepsValue, type RangeMode } from '../../../../shared/ops'
import type { HistogramBin } from '../../../../shared/preview'
import { formatCount } from '../../format'
import { CountAxis, CountGrid, StatAxis, heightShare } from './HistogramAxes'
import { histogramDomain, positionOf, thresholdStep, valueAt, type Bounds, type Domain } from './threshold'

export type Side = 'min' | 'max'

/** What a plot asks of the filter it shows: it turns pointer and keys into values, the filter decides the bounds. */
export interface ThresholdControl {
  /** The sides the filter has a parameter for, with whether it is whole. */
  sides: Partial<Record<Side, { integer: boolean; label: string }>>
  /** How the filter reads its bounds (closed flags, reversed_range): what the bars and the shading show as kept. */
  mode: RangeMode
  interactive: boolean
  /** Why the handles cannot move, when they cannot. */
  lockedReason: string
  begin(side: Side): void
  move(side: Side, value: number): void
  release(side: Side): void
  cancel(side: Side): void
  /** A key moved a handle to this value: written at once. */
  step(side: Side, value: number): void
}

interface ThresholdPlotProps {
  bins: HistogramBin[]
  statKey: string
  /** The bounds the x axis follows: the written ones, so it holds still under a dragged handle. */
  axisBounds: Bounds
  /** The bounds drawn: the dragged ones while a handle moves. */
  shown: Bounds
  control: ThresholdControl
  /** The chart's accessible name. */
  label: string
  /** A handle's accessible name and the words after its value ("keeps 61.0% of the sample"). */
  handleLabel: (side: Side) => string
  valueText: (value: number) => string
}

export function formatValue(value: number): string {
  return Number.isInteger(value) ? formatCount(value) : String(Math.round(value * 1000) / 1000)
}

const VIEW_WIDTH = 1000
const VIEW_HEIGHT = 100
/** The share of the plot's height left above the tallest bar. */
const HEADROOM = 0.04

/**
 * A stat's histogram with a filter's thresholds as lines. Each line is a slider: dragged with the
 * pointer or moved with the keys, it reports values in this plot's own x range.
 */
export function ThresholdPlot({ bins, statKey, axisBounds, shown, control, label, handleLabel, valueText }: ThresholdPlotProps): React.JSX.Element {
  const [draggedSide, setDraggedSide] = useState<Side | null>(null)
  const dragging = useRef<Side | null>(null)
  /** How far from the handle's centre it was grabbed, so it does not jump to the pointer. */
  const grabOffset = useRef(0)
  const plot = useRef<HTMLDivElement>(null)
  const { min: axisMin, max: axisMax } = axisBounds
  const domain: Domain = useMemo(() => histogramDomain(bins, { min: axisMin, max: axisMax }), [bins, axisMin, axisMax])
  const maxCount = Math.max(1, ...bins.map((b) => b.count))
  const { interactive } = control

  const dragTo = (side: Side, clientX: number): void => {
    const box = plot.current?.getBoundingClientRect()
    if (box === undefined || box.width === 0) return
    control.move(side, valueAt((clientX - grabOffset.current - box.left) / box.width, domain))
  }

  const end = (side: Side, apply: boolean): void => {
    if (dragging.current !== side) return
    dragging.current = null
    setDraggedSide(null)
    if (apply) control.release(side)
    else control.cancel(side)
  }

  const onKey = (side: Side, integer: boolean, e: React.KeyboardEvent): void => {
    const current = shown[side]
    if (!interactive || current === null) return
    const step = thresholdStep(domain, integer)
    // A threshold far outside the data first comes back to its edge, so the keys act where the bars are.
    const from = Math.min(domain.hi, Math.max(domain.lo, current))
    const targets: Record<string, number> = {
      ArrowLeft: from - step,
      ArrowDown: from - step,
      ArrowRight: from + step,
      ArrowUp: from + step,
      PageDown: from - step * 10,
      PageUp: from + step * 10,
      Home: domain.lo,
      End: domain.hi
    }
    const target = targets[e.key]
    if (target === undefined) return
    e.preventDefault()
    control.step(side, target)
  }

  const handle = (side: Side): React.JSX.Element | null => {
    const spec = control.sides[side]
    const value = shown[side]
    if (spec === undefined || value === null) return null
    return (
      <div
        key={side}
        className={`threshold-handle ${side}${draggedSide === side ? ' dragging' : ''}`}
        style={{ left: `${positionOf(value, domain) * 100}%` }}
        role="slider"
        tabIndex={interactive ? 0 : -1}
        aria-label={handleLabel(side)}
        aria-orientation="horizontal"
        aria-valuemin={Math.min(domain.lo, value)}
        aria-valuemax={Math.max(domain.hi, value)}
        aria-valuenow={value}
        aria-valuetext={`${formatValue(value)}: ${valueText(value)}`}
        aria-disabled={!interactive}
        title={interactive ? `${spec.label}: drag, or use the arrow keys` : `${spec.label} (${control.lockedReason})`}
        onPointerDown={(e) => {
          if (!interactive || e.button !== 0) return
          e.preventDefault()
          e.currentTarget.setPointerCapture(e.pointerId)
          e.currentTarget.focus()
          const box = e.currentTarget.getBoundingClientRect()
          grabOffset.current = e.clientX - (box.left + box.width / 2)
          dragging.current = side
          setDraggedSide(side)
          control.begin(side)
        }}
        onPointerMove={(e) => {
          if (dragging.current === side) dragTo(side, e.clientX)
        }}
        onPointerUp={() => end(side, true)}
        onPointerCancel={() => end(side, false)}
        // Capture can end without pointerup (window lost focus, handle re-rendered away); a drag left on would follow a bare hover.
        onLostPointerCapture={() => end(side, false)}
        onKeyDown={(e) => onKey(side, spec.integer, e)}
      >
        <span className="threshold-knob" aria-hidden="true" />
      </div>
    )
  }

  const minX = shown.min === null ? 0 : positionOf(shown.min, domain) * VIEW_WIDTH
  const maxX = shown.max === null ? VIEW_WIDTH : positionOf(shown.max, domain) * VIEW_WIDTH

  return (
    <div className="threshold-chart">
      <CountAxis maxCount={maxCount} headroom={HEADROOM} />
      <div className="threshold-plot" ref={plot}>
        <svg role="img" aria-label={label} viewBox={`0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}`} preserveAspectRatio="none" className="histogram">
          {control.mode.reversed ? (
            <rect className="excluded" x={minX} y={0} width={Math.max(0, maxX - minX)} height={VIEW_HEIGHT} />
          ) : (
            <>
              {minX > 0 && <rect className="excluded" x={0} y={0} width={minX} height={VIEW_HEIGHT} />}
              {maxX < VIEW_WIDTH && <rect className="excluded" x={maxX} y={0} width={VIEW_WIDTH - maxX} height={VIEW_HEIGHT} />}
            </>
          )}
          <CountGrid maxCount={maxCount} headroom={HEADROOM} width={VIEW_WIDTH} height={VIEW_HEIGHT} />
          {bins.map((bin, i) => {
            const x0 = positionOf(bin.from, domain) * VIEW_WIDTH
            const x1 = positionOf(bin.to, domain) * VIEW_WIDTH
            const height = bin.count === 0 ? 0 : Math.max(1.5, heightShare(bin.count, maxCount, HEADROOM) * VIEW_HEIGHT)
            const middle = (bin.from + bin.to) / 2
            return (
              <rect
                key={i}
                className={keepsValue(middle, shown.min, shown.max, control.mode) ? 'bar kept' : 'bar dropped'}
                x={x0}
                y={VIEW_HEIGHT - height}
                width={Math.max(1, x1 - x0 - 2)}
                height={height}
              />
            )
          })}
        </svg>
        {handle('min')}
        {handle('max')}
      </div>
      <span className="histogram-y-title small" aria-hidden="true">
        rows
      </span>
      <StatAxis domain={domain} statKey={statKey} />
    </div>
  )
}
