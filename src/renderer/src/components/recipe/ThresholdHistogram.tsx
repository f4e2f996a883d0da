import { useRef, useState } from 'react'
import type { NumericStatSummary } from '../../../../shared/analysis'
import { rangeModeOf, type OpInfo, type ParamSpec } from '../../../../shared/ops'
import type { PreviewStep } from '../../../../shared/preview'
import type { ChainItem } from '../../features/recipe/recipe-draft'
import { setChainParam } from '../../features/recipe/recipe-actions'
import { formatCount } from '../../format'
import { binsOf, formatShare, histogramDomain, keptShare, keptShareOfCdf, movedBound, type Bounds } from './threshold'
import { formatValue, ThresholdPlot, type Side, type ThresholdControl } from './ThresholdPlot'

interface ThresholdHistogramProps {
  opName: string
  stat: NonNullable<PreviewStep['stat']>
  /** The stat over every row of the dataset, from its analysis, when there is one. */
  whole: NumericStatSummary | undefined
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

/**
 * A filter's stat over the sample rows that reach it, and over the whole dataset when it was analysed,
 * with its thresholds as lines on both. Dragging or keying a line on either shows live what share of
 * the sample and of the whole dataset the filter would keep, and writes the threshold when released.
 */
export function ThresholdHistogram({ opName, stat, whole, op, item, chainIndex, stepIndex, locked }: ThresholdHistogramProps): React.JSX.Element {
  const specs: Record<Side, ParamSpec | undefined> = {
    min: op?.params.find((p) => p.name === op.thresholds?.min),
    max: op?.params.find((p) => p.name === op.thresholds?.max)
  }
  const committed: Bounds = { min: boundOf(specs.min, item, stat.min), max: boundOf(specs.max, item, stat.max) }
  // Drag-time bounds stay here, so only this filter's charts redraw while a handle moves.
  const [draft, setDraft] = useState<Bounds | null>(null)
  const draftRef = useRef<Bounds | null>(null)
  const shown = draft ?? committed
  // The filter's min_closed_interval, max_closed_interval and reversed_range, as the chain item sets them.
  const mode = rangeModeOf(item?.params ?? {})
  const share = keptShare(stat.values, shown, mode)
  const kept = Math.round(share * stat.values.length)
  const wholeShare = whole === undefined ? null : keptShareOfCdf(whole.cdf, shown, mode)
  const interactive = item !== null && op !== undefined && !locked

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

  const moved = (from: Bounds, side: Side, value: number): Bounds | null => {
    const spec = specs[side]
    return spec === undefined ? null : movedBound(from, side, value, limitsOf(spec))
  }

  const sides: ThresholdControl['sides'] = {}
  for (const side of ['min', 'max'] as const) {
    const spec = specs[side]
    if (spec !== undefined) sides[side] = { integer: spec.type === 'int', label: spec.name }
  }
  const control: ThresholdControl = {
    sides,
    mode,
    interactive,
    lockedReason: item === null ? 'this preview is older than the chain' : 'fix the YAML first',
    begin: () => showDraft(committed),
    move: (side, value) => {
      const next = moved(draftRef.current ?? committed, side, value)
      if (next !== null) showDraft(next)
    },
    release: (side) => {
      const final = draftRef.current
      showDraft(null)
      if (final !== null) write(side, final[side])
    },
    cancel: () => showDraft(null),
    step: (side, value) => {
      const next = moved(committed, side, value)
      if (next !== null) write(side, next[side])
    }
  }

  const addBound = (side: Side, at: number): void => {
    const next = moved(committed, side, at)
    if (next !== null) write(side, next[side])
  }
  const dataEdge = (side: Side): number => {
    const domain = histogramDomain(stat.histogram, committed)
    return side === 'min' ? domain.lo : domain.hi
  }
  const wholeText = wholeShare === null ? '' : `, ${formatShare(wholeShare)} of the whole dataset`

  return (
    <div className="threshold">
      <div className="threshold-charts">
        <figure className="threshold-figure">
          {whole !== undefined && <figcaption className="small muted">Sample: the first rows</figcaption>}
          <ThresholdPlot
            bins={stat.histogram}
            statKey={stat.key}
            axisBounds={committed}
            shown={shown}
            control={control}
            label={`${opName} ${stat.key} histogram`}
            handleLabel={(side) => `${opName} ${specs[side]?.name ?? side}`}
            valueText={() => `keeps ${formatShare(share)} of the sample${wholeText}`}
          />
        </figure>
        {whole !== undefined && (
          <figure className="threshold-figure whole">
            <figcaption className="small muted">Whole dataset: {formatCount(whole.count)} rows</figcaption>
            <ThresholdPlot
              bins={binsOf(whole.histogram)}
              statKey={stat.key}
              axisBounds={committed}
              shown={shown}
              control={control}
              label={`Whole-dataset ${stat.key} histogram of ${opName}`}
              handleLabel={(side) => `${specs[side]?.name ?? side} of ${opName} on the whole dataset`}
              valueText={() => `keeps ${formatShare(wholeShare ?? 0)} of the whole dataset, ${formatShare(share)} of the sample`}
            />
          </figure>
        )}
      </div>
      <div className="threshold-bounds small">
        {(['min', 'max'] as const).map((side) => {
          const spec = specs[side]
          const value = shown[side]
          if (spec === undefined) return null
          return (
            <span key={side} className="threshold-bound">
              <span className="mono">{spec.name}</span> {value === null ? <span className="muted">none</span> : <strong>{formatValue(value)}</strong>}
              {value === null && interactive && (
                <button type="button" className="small-button" onClick={() => addBound(side, dataEdge(side))}>
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
      {whole !== undefined && wholeShare !== null && (
        <p className="kept-share whole" data-testid={`whole-share-${chainIndex ?? `step-${stepIndex}`}`}>
          keeps <strong>{formatShare(wholeShare)}</strong> of the whole dataset{' '}
          <span className="muted small">
            (≈ {formatCount(Math.round(wholeShare * whole.count))} of {formatCount(whole.count)} rows, this filter alone
            {whole.missing > 0 ? `; ${formatCount(whole.missing)} rows have no ${stat.key}` : ''})
          </span>
        </p>
      )}
    </div>
  )
}
