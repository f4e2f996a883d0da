import type { ColumnSummary, NumericStatSummary } from '../../../../shared/analysis'
import { formatCount } from '../../format'
import { formatShare } from '../recipe/threshold'
import { formatValue } from '../recipe/ThresholdPlot'
import { WrappingName } from '../WrappingName'
import { StatBars } from './StatBars'

function Distribution({ column }: { column: ColumnSummary }): React.JSX.Element {
  const summary: NumericStatSummary | undefined = column.length ?? column.values
  if (summary === undefined || summary.count === 0) return <span className="muted">—</span>
  const what = column.length !== undefined ? 'length in characters' : 'values'
  return (
    <div className="column-distribution">
      <StatBars histogram={summary.histogram} label={`${column.name} ${what}`} compact />
      <span className="small muted mono">
        {formatValue(summary.min)} · <span title="median">{formatValue(summary.quantiles.p50)}</span> · {formatValue(summary.max)}
      </span>
    </div>
  )
}

/** Every input column over every row: how often it is empty, how many values it takes, how its lengths (or values) spread. */
export function ColumnProfiles({ columns, rows }: { columns: ColumnSummary[]; rows: number }): React.JSX.Element {
  return (
    <table className="mini-table column-profiles" aria-label="Columns over every row">
      <thead>
        <tr>
          <th>Column</th>
          <th className="num">Nulls</th>
          <th className="num">Distinct</th>
          <th title="Text columns: the length of each value in characters; numeric columns: the values (min · median · max)">Distribution</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((c) => (
          <tr key={c.name}>
            <td className="mono">
              <WrappingName text={c.name} />
              <div className="muted small schema-type">{c.type}</div>
            </td>
            <td className="num">
              {formatCount(c.nulls)}
              {c.nulls > 0 && rows > 0 && <div className="muted small">{formatShare(c.nulls / rows)}</div>}
            </td>
            <td className="num" title={c.distinctIsEstimate ? 'An estimate (HyperLogLog)' : 'Exact'}>
              {c.distinctIsEstimate ? '≈ ' : ''}
              {/* An estimate can overshoot; a column never has more distinct values than values. */}
              {formatCount(Math.min(c.distinct, Math.max(0, rows - c.nulls)))}
            </td>
            <td>
              <Distribution column={c} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
