import './analysis.css'
import type { NumericStatSummary, StatSummary } from '../../../../shared/analysis'
import { formatCount } from '../../format'
import { formatValue } from '../recipe/ThresholdPlot'
import { StatBars, sharedDomain } from './StatBars'

/** One side of a pair: whose rows (a job's output, a filter's kept rows) and their stat. */
export interface PairSide {
  /** What the caption and the chart's name call these rows: "A", "kept". */
  name: string
  /** The chart's accessible name. */
  label: string
  tone: 'kept' | 'dropped' | 'a' | 'b'
  summary: StatSummary | null | undefined
  /** Said instead of a chart when these rows have no value of the stat. */
  missing: string
}

const TOP_VALUES = 10

function numeric(summary: StatSummary | null | undefined): NumericStatSummary | undefined {
  return summary?.kind === 'numeric' && summary.count > 0 ? summary : undefined
}

/**
 * Two numeric distributions of one stat side by side, their bins on one x range. Each keeps its own
 * count axis: their bins differ in width, so equal heights on one scale would not be equal densities.
 */
export function NumericPair({ statKey, sides }: { statKey: string; sides: [PairSide, PairSide] }): React.JSX.Element {
  const summaries = sides.map((s) => numeric(s.summary))
  const domain = sharedDomain(summaries.map((s) => s?.histogram))
  return (
    <div className="stat-pair">
      {sides.map((side, i) => {
        const summary = summaries[i]
        return (
          <figure key={side.name} className="stat-pair-figure">
            <figcaption className="small">
              <span className={`stat-swatch ${side.tone}`} aria-hidden="true" /> {side.name}:{' '}
              {summary === undefined ? (
                <span className="muted">{side.missing}</span>
              ) : (
                <>
                  {formatCount(summary.count)} rows · median {formatValue(summary.quantiles.p50)} · mean {formatValue(summary.mean)}
                </>
              )}
            </figcaption>
            {summary !== undefined && (
              <StatBars histogram={summary.histogram} label={side.label} domain={domain} tone={side.tone} statKey={statKey} />
            )}
          </figure>
        )
      })}
    </div>
  )
}

/** Two categorical distributions of one stat: the most frequent values, with each side's rows. */
export function CategoricalPair({ label, sides }: { label: string; sides: [PairSide, PairSide] }): React.JSX.Element {
  const tops = sides.map((side) => new Map((side.summary?.kind === 'categorical' ? side.summary.top : []).map((t) => [t.value, t.count])))
  const total = (value: string): number => tops.reduce((n, top) => n + (top.get(value) ?? 0), 0)
  const values = [...new Set(tops.flatMap((top) => [...top.keys()]))].sort((x, y) => total(y) - total(x)).slice(0, TOP_VALUES)
  return (
    <table className="mini-table stat-pair-categories" aria-label={label}>
      <thead>
        <tr>
          <th>Value</th>
          {sides.map((side) => (
            <th key={side.name} className="num">
              <span className={`stat-swatch ${side.tone}`} aria-hidden="true" /> {side.name} rows
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {values.map((v) => (
          <tr key={v}>
            <td className="mono">{v}</td>
            {tops.map((top, i) => (
              <td key={i} className="num">
                {formatCount(top.get(v) ?? 0)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** A stat of two sets of rows, as charts when it is numeric and as a table of values when it is categorical. */
export function StatPair({ statKey, sides }: { statKey: string; sides: [PairSide, PairSide] }): React.JSX.Element {
  return sides.some((s) => s.summary?.kind === 'categorical') ? (
    <CategoricalPair label={`${statKey}: ${sides[0].name} and ${sides[1].name}`} sides={sides} />
  ) : (
    <NumericPair statKey={statKey} sides={sides} />
  )
}
