import { axisTicks } from './axis-ticks'
import { positionOf, type Domain } from './threshold'

/** Where a count sits up the plot, as a share of its height: bars leave a little headroom at the top. */
export function heightShare(count: number, maxCount: number, headroom: number): number {
  return (count / maxCount) * (1 - headroom)
}

/** The y axis: counts of rows, in whole steps from 0 to the tallest bar. */
export function CountAxis({ maxCount, headroom }: { maxCount: number; headroom: number }): React.JSX.Element {
  return (
    <div className="histogram-y-axis small" aria-hidden="true" data-testid="histogram-y-axis">
      {axisTicks(0, maxCount, 3, true).map((tick) => (
        <span key={tick.value} className="histogram-tick" style={{ bottom: `${heightShare(tick.value, maxCount, headroom) * 100}%` }}>
          {tick.label}
        </span>
      ))}
    </div>
  )
}

/** Horizontal grid lines at the count ticks, drawn in the plot's own units. */
export function CountGrid({
  maxCount,
  headroom,
  width,
  height
}: {
  maxCount: number
  headroom: number
  width: number
  height: number
}): React.JSX.Element {
  return (
    <>
      {axisTicks(0, maxCount, 3, true)
        .filter((tick) => tick.value > 0)
        .map((tick) => {
          const y = height * (1 - heightShare(tick.value, maxCount, headroom))
          return <line key={tick.value} className="grid-line" x1={0} x2={width} y1={y} y2={y} vectorEffect="non-scaling-stroke" />
        })}
    </>
  )
}

/** The x axis: the stat's values at round numbers, and the stat's name. */
export function StatAxis({ domain, statKey }: { domain: Domain; statKey: string }): React.JSX.Element {
  return (
    <div className="histogram-x-axis small" aria-hidden="true">
      <div className="histogram-x-ticks" data-testid="histogram-x-axis">
        {axisTicks(domain.lo, domain.hi, 5).map((tick) => (
          <span key={tick.value} className="histogram-tick" style={{ left: `${positionOf(tick.value, domain) * 100}%` }}>
            {tick.label}
          </span>
        ))}
      </div>
      <div className="histogram-x-title mono">{statKey}</div>
    </div>
  )
}
