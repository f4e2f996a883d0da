import { useId, useMemo } from 'react'
import { useStore } from 'zustand'
import type { JobDetails } from '../../../../shared/jobs'
import { jobLive } from '../../features/jobs/job-live'
import { liveFunnel, sumOps, type OpCount } from '../../features/jobs/job-live-model'
import { formatCount } from '../../format'
import './jobs.css'
import { WrappingName } from '../WrappingName'

const NO_OPS: Record<string, OpCount> = {}

/** Rows in → out per operator: summed from op_complete events while the job runs, from the job's totals once it ended. */
export function OperatorFunnel({ details, running }: { details: JobDetails; running: boolean }): React.JSX.Element {
  const liveOps = useStore(jobLive, (s) => (running ? (s[details.workDir]?.ops ?? NO_OPS) : NO_OPS))
  const titleId = useId()
  const steps = useMemo(
    () =>
      running
        ? liveFunnel(sumOps(liveOps), details.operations)
        : details.operations.map((o) => ({ index: o.index, name: o.name, rowsIn: o.rowsIn, rowsOut: o.rowsOut })),
    [running, liveOps, details.operations]
  )
  const widest = Math.max(1, ...steps.map((s) => s.rowsIn))
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId} className="panel-title">
        Operator funnel {running && <span className="muted small">live</span>}
      </h2>
      {steps.length === 0 ? (
        <p className="muted small">Each operator reports the rows it took in and let through as partitions pass it.</p>
      ) : (
        <ol className="op-funnel" aria-label="Operator funnel">
          {steps.map((s) => {
            const dropped = s.rowsIn - s.rowsOut
            return (
              <li key={s.index} aria-label={`${s.name}: ${formatCount(s.rowsIn)} rows in, ${formatCount(s.rowsOut)} out`}>
                <div className="op-funnel-label">
                  <span className="mono small">
                    {s.index + 1}. <WrappingName text={s.name} />
                  </span>
                  <span className="small">
                    {formatCount(s.rowsIn)} → <strong>{formatCount(s.rowsOut)}</strong>
                    {dropped > 0 && <span className="muted"> (−{formatCount(dropped)})</span>}
                  </span>
                </div>
                <div className="op-funnel-bar" aria-hidden="true">
                  <div className="op-funnel-in" style={{ width: `${(s.rowsIn / widest) * 100}%` }}>
                    <div className="op-funnel-out" style={{ width: `${s.rowsIn > 0 ? (s.rowsOut / s.rowsIn) * 100 : 0}%` }} />
                  </div>
                </div>
              </li>
            )
          })}
        </ol>
      )}
    </section>
  )
}
