import { useId } from 'react'
import type { ComparedJob, FunnelStep } from '../../../../shared/analysis'
import { alignFunnels } from '../../features/compare/compare-slice'
import { formatCount } from '../../format'
import { formatDuration } from '../jobs/job-format'
import { WrappingName } from '../WrappingName'
import '../jobs/jobs.css'
import './compare.css'

/** One job's line for an operator: rows in → out with the funnel's bar (widths on one scale for both jobs), or that its recipe has no such operator. */
function StepCell({ step, widest }: { step: FunnelStep | undefined; widest: number }): React.JSX.Element {
  if (step === undefined) return <td className="muted small">not in this recipe</td>
  const dropped = step.rowsIn - step.rowsOut
  return (
    <td>
      <div className="small nowrap">
        {formatCount(step.rowsIn)} → <strong>{formatCount(step.rowsOut)}</strong>
        {dropped > 0 && <span className="muted"> (−{formatCount(dropped)})</span>}
      </div>
      <div className="op-funnel-bar" aria-hidden="true">
        <div className="op-funnel-in" style={{ width: `${(step.rowsIn / widest) * 100}%` }}>
          <div className="op-funnel-out" style={{ width: `${step.rowsIn > 0 ? (step.rowsOut / step.rowsIn) * 100 : 0}%` }} />
        </div>
      </div>
    </td>
  )
}

function timeText(step: FunnelStep | undefined): string {
  return step === undefined ? '—' : formatDuration(step.millis / 1000)
}

/** Both funnels, lined up by operator: rows in → out and time, job A's beside job B's. */
export function ComparedFunnel({ jobs }: { jobs: [ComparedJob, ComparedJob] }): React.JSX.Element {
  const titleId = useId()
  const [a, b] = jobs
  const lines = alignFunnels(a.funnel, b.funnel)
  const widest = Math.max(1, ...a.funnel.map((s) => s.rowsIn), ...b.funnel.map((s) => s.rowsIn))
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId} className="panel-title">
        Operator funnel
      </h2>
      <div className="table-wrap compare-table-wrap">
        <table className="mini-table compare-funnel" aria-label="Operator funnel of both jobs">
          <thead>
            <tr>
              <th>Operator</th>
              <th>
                <span className="stat-swatch a" aria-hidden="true" /> A: rows in → out
              </th>
              <th>
                <span className="stat-swatch b" aria-hidden="true" /> B: rows in → out
              </th>
              <th className="num">A time</th>
              <th className="num">B time</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line, i) => (
              <tr key={i}>
                <td className="mono op-name">
                  <WrappingName text={line.name} />
                </td>
                <StepCell step={line.a} widest={widest} />
                <StepCell step={line.b} widest={widest} />
                <td className="num nowrap">{timeText(line.a)}</td>
                <td className="num nowrap">{timeText(line.b)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
