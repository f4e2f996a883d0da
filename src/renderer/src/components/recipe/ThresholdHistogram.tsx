import { useMemo, useRef, useState } from 'react'
import type { OpInfo, ParamSpec } from '../../../../shared/ops'
import type { PreviewStep } from '../../../../shared/preview'
import type { ChainItem } from '../../features/recipe/recipe-draft'
import { setChainParam } from '../../features/recipe/recipe-actions'
import { formatCount } from '../../format'
import { CountAxis, CountGrid, StatAxis, heightShare } from './HistogramAxes'
import { formatShare, histogramDomain, keptShare, movedBound, positionOf, thresholdStep, valueAt, type Bounds, type Domain } from './threshold'

type Side = 'min' | 'max'

interface ThresholdHistogramProps {
  opName: string
  stat: NonNullable<PreviewStep['stat']>
  op: OpInfo | undefined
  /** The chain item the step previewed; null when the preview is older than the chain (then nothing can be moved). */
  item: ChainItem | null
  chainIndex: number | null
  stepIndex: number
  locked: boolean
}

/** A bound as the chain item holds it: its parameter's value, else the default; the preview's own value when the item is unknown. */
function boundOf(spec: ParamSpec | undefined, item: ChainItem | null, fromPreview: number | null): number | null {
  if (spec === undefined || item === null) return fromPreview
  const value = spec.name in item.params ? item.params[spec.name] : spec.default
  if (typeof value === 'number') return value
  return value === null ? null : fromPreview
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? formatCount(value) : String(Math.round(value * 1000) / 1000)
}

const VIEW_WIDTH = 1000
const VIEW_HEIGHT = 100
/** The share of the plot's height left above the tallest bar. */
const HEADROOM = 0.04

/**
 * A filter's stat over the rows that reach it, with its thresholds as lines. Each line is a
 * slider: dragged with the pointer or moved with the keys, it shows live what share of the rows
 * the filter would keep, and writes the new threshold into the chain when released.
 */
export function ThresholdHistogram({ opName, stat, op, item, chainIndex, stepIndex, locked }: ThresholdHistogramProps): React.JSX.Element {
  const specs: Record<Side, ParamSpec | undefined> = {
    min: op?.params.find((p) => p.name === op.thresholds?.min),
    max: op?.params.find((p) => p.name === op.thresholds?.max)
  }
  const committed: Bounds = { min: boundOf(specs.min, item, stat.min), max: boundOf(specs.max, item, stat.max) }
  // Drag-time bounds stay here, so only this histogram redraws while a handle moves.
  const [draft, setDraft] = useState<Bounds | null>(null)
  const [draggedSide, setDraggedSide] = useState<Side | null>(null)
  const draftRef = useRef<Bounds | null>(null)
  const dragging = useRef<Side | null>(null)
  /** How far from the handle's centre it was grabbed, so it does not jump to the pointer. */
  const grabOffset = useRef(0)
  const plot = useRef<HTMLDivElement>(null)

  // The x axis follows the committed thresholds, not the dragged one, so it holds still under the pointer.
  const { min: committedMin, max: committedMax } = committed
  const domain: Domain = useMemo(
    () => histogramDomain(stat.histogram, { min: committedMin, max: committedMax }),
    [stat.histogram, committedMin, committedMax]
  )
  const shown = draft ?? committed
  const share = keptShare(stat.values, shown)
  const kept = Math.round(share * stat.values.length)
  const interactive = item !== null && op !== undefined && !locked
  const maxCount = Math.max(1, ...stat.histogram.map((b) => b.count))

  const limitsOf = (spec: ParamSpec): { min?: number; max?: number; integer: boolean } => ({
    ...(spec.min !== undefined ? { min: spec.min } : {}),
    ...(spec.max !== undefined ? { max: spec.max } : {}),
    integer: spec.type === 'int'
  })

  const showDraft = (next: Bounds | null): void => {
    draftRef.current = next
    setDraft(next)
  }

  const write = (side: Side, value: number | null): void => {
    const spec = specs[side]
    if (item === null || spec === undefined || value === committed[side]) return
    setChainParam(item.id, spec.name, value)
  }

  const dragTo = (side: Side, clientX: number): void => {
    const spec = specs[side]
    const box = plot.current?.getBoundingClientRect()
    if (spec === undefined || box === undefined || box.width === 0) return
    const value = valueAt((clientX - grabOffset.current - box.left) / box.width, domain)
    showDraft(movedBound(draftRef.current ?? committed, side, value, limitsOf(spec)))
  }

  const release = (side: Side): void => {
    if (dragging.current !== side) return
    dragging.current = null
    setDraggedSide(null)
    const final = draftRef.current
    showDraft(null)
    if (final !== null) write(side, final[side])
  }

  const cancelDrag = (side: Side): void => {
    if (dragging.current !== side) return
    dragging.current = null
    setDraggedSide(null)
    showDraft(null)
  }

  const onKey = (side: Side, e: React.KeyboardEvent): void => {
    const spec = specs[side]
    const current = shown[side]
    if (!interactive || spec === undefined || current === null) return
    const integer = spec.type === 'int'
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
    write(side, movedBound(committed, side, target, limitsOf(spec))[side])
  }

  const handle = (side: Side): React.JSX.Element | null => {
    const spec = specs[side]
    const value = shown[side]
    if (spec === undefined || value === null) return null
    const label = `${opName} ${spec.name}`
    return (
      <div
        key={side}
        className={`threshold-handle ${side}${draggedSide === side ? ' dragging' : ''}`}
        style={{ left: `${positionOf(value, domain) * 100}%` }}
        role="slider"
        tabIndex={interactive ? 0 : -1}
        aria-label={label}
        aria-orientation="horizontal"
        aria-valuemin={Math.min(domain.lo, value)}
        aria-valuemax={Math.max(domain.hi, value)}
        aria-valuenow={value}
        aria-valuetext={`${formatValue(value)}: keeps ${formatShare(share)} of the sample`}
        aria-disabled={!interactive}
        title={
          interactive
            ? `${spec.name}: drag, or use the arrow keys`
            : item === null
              ? `${spec.name} (this preview is older than the chain)`
              : `${spec.name} (fix the YAML first)`
        }
        onPointerDown={(e) => {
          if (!interactive || e.button !== 0) return
          e.preventDefault()
          e.currentTarget.setPointerCapture(e.pointerId)
          e.currentTarget.focus()
          const box = e.currentTarget.getBoundingClientRect()
          grabOffset.current = e.clientX - (box.left + box.width / 2)
          dragging.current = side
          setDraggedSide(side)
          showDraft(committed)
        }}
        onPointerMove={(e) => {
          if (dragging.current === side) dragTo(side, e.clientX)
        }}
        onPointerUp={() => release(side)}
        onPointerCancel={() => cancelDrag(side)}
        // Capture can end without pointerup (window lost focus, handle re-rendered away); a drag left on would follow a bare hover.
        onLostPointerCapture={() => cancelDrag(side)}
        onKeyDown={(e) => onKey(side, e)}
      >
        <span className="threshold-knob" aria-hidden="true" />
      </div>
    )
  }

  const unset = (side: Side): ParamSpec | undefined => (shown[side] === null ? specs[side] : undefined)
  const addBound = (side: Side): void => {
    const spec = specs[side]
    if (spec !== undefined) write(side, movedBound(committed, side, side === 'min' ? domain.lo : domain.hi, limitsOf(spec))[side])
  }
  const minX = shown.min === null ? 0 : positionOf(shown.min, domain) * VIEW_WIDTH
  const maxX = shown.max === null ? VIEW_WIDTH : positionOf(shown.max, domain) * VIEW_WIDTH

  return (
    <div className="threshold">
      <div className="threshold-chart">
        <CountAxis maxCount={maxCount} headroom={HEADROOM} />
        <div className="threshold-plot" ref={plot}>
          <svg
            role="img"
            aria-label={`${opName} ${stat.key} histogram`}
            viewBox={`0 0 ${VIEW_WIDTH} ${VIEW_HEIGHT}`}
            preserveAspectRatio="none"
            className="histogram"
          >
            {minX > 0 && <rect className="excluded" x={0} y={0} width={minX} height={VIEW_HEIGHT} />}
            {maxX < VIEW_WIDTH && <rect className="excluded" x={maxX} y={0} width={VIEW_WIDTH - maxX} height={VIEW_HEIGHT} />}
            <CountGrid maxCount={maxCount} headroom={HEADROOM} width={VIEW_WIDTH} height={VIEW_HEIGHT} />
            {stat.histogram.map((bin, i) => {
              const x0 = positionOf(bin.from, domain) * VIEW_WIDTH
              const x1 = positionOf(bin.to, domain) * VIEW_WIDTH
              const height = bin.count === 0 ? 0 : Math.max(1.5, heightShare(bin.count, maxCount, HEADROOM) * VIEW_HEIGHT)
              const middle = (bin.from + bin.to) / 2
              const inside = (shown.min === null || middle >= shown.min) && (shown.max === null || middle <= shown.max)
              return (
                <rect
                  key={i}
                  className={inside ? 'bar kept' : 'bar dropped'}
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
        <StatAxis domain={domain} statKey={stat.key} />
      </div>
      <div className="threshold-bounds small">
        {(['min', 'max'] as const).map((side) => {
          const spec = specs[side]
          const value = shown[side]
          if (spec === undefined) return null
          return (
            <span key={side} className="threshold-bound">
              <span className="mono">{spec.name}</span> {value === null ? <span className="muted">none</span> : <strong>{formatValue(value)}</strong>}
              {unset(side) !== undefined && interactive && (
                <button type="button" className="small-button" onClick={() => addBound(side)}>
                  Set {side === 'min' ? 'a minimum' : 'a maximum'}
                </button>
              )}
            </span>
          )
        })}
      </div>
      <p className="kept-share" data-testid={`kept-share-${chainIndex ?? `step-${stepIndex}`}`}>
        keeps <strong>{formatShare(share)}</strong> of the sample{' '}
        <span className="muted small">
          ({formatCount(kept)} of {formatCount(stat.values.length)} rows reaching it{draft !== null ? ', not applied yet' : ''})
        </span>
      </p>
    </div>
  )
}
