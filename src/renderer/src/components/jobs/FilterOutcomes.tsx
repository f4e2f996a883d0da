import { useEffect, useId } from 'react'
import { TEXT_EXAMPLE_CHARS, type FilterOutcome } from '../../../../shared/analysis'
import type { JobDetails } from '../../../../shared/jobs'
import { useStore } from '../../app/store'
import { loadOutcomes } from '../../features/outcomes/outcomes-actions'
import { outcomesKey } from '../../features/outcomes/outcomes-slice'
import { formatCount } from '../../format'
import { StatPair } from '../analysis/StatPair'
import { formatShare } from '../recipe/threshold'
import { formatValue } from '../recipe/ThresholdPlot'
import { WrappingName } from '../WrappingName'
import './jobs.css'
import './outcomes.css'

function statText(stat: number | string | null): string {
  return stat === null ? '—' : typeof stat === 'number' ? formatValue(stat) : stat
}

/** The rows a filter dropped first, with the stat that dropped each and the reason recorded for it. */
function DroppedExamples({ outcome }: { outcome: FilterOutcome }): React.JSX.Element {
  return (
    <details className="outcome-examples">
      <summary className="small">
        The first {outcome.examples.length} {outcome.examples.length === 1 ? 'row' : 'rows'} it dropped
      </summary>
      <table className="mini-table" aria-label={`Rows ${outcome.name} dropped`}>
        <thead>
          <tr>
            <th className="num">{outcome.statsKey ?? 'Stat'}</th>
            <th>Reason</th>
            <th>Text</th>
          </tr>
        </thead>
        <tbody>
          {outcome.examples.map((e, i) => (
            <tr key={i}>
              <td className="num mono">{statText(e.stat)}</td>
              <td className="small">{e.reason}</td>
              <td className="outcome-text">
                {e.text}
                {e.textLength > TEXT_EXAMPLE_CHARS && <span className="muted small"> ({formatCount(e.textLength)} characters in all)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  )
}

/** One filter: how many rows it kept and dropped, its stat among each, and the first rows it dropped. */
function OutcomeOfFilter({ outcome }: { outcome: FilterOutcome }): React.JSX.Element {
  const titleId = useId()
  const rowsIn = outcome.rowsKept + outcome.rowsDropped
  const { statsKey, name } = outcome
  return (
    <article className="filter-outcome" aria-labelledby={titleId}>
      <div className="row space-between wrap">
        <h4 id={titleId} className="mono filter-outcome-name">
          {outcome.index + 1}. <WrappingName text={name} />
        </h4>
        <span className="small" data-testid={`outcome-rows-${outcome.index}`}>
          kept {formatCount(outcome.rowsKept)} · dropped {formatCount(outcome.rowsDropped)}
          {rowsIn > 0 && <span className="muted"> ({formatShare(outcome.rowsDropped / rowsIn)})</span>}
        </span>
      </div>
      {statsKey === null ? (
        <p className="small muted">This filter writes no stat: only its rows are counted.</p>
      ) : outcome.kept === null && outcome.dropped === null ? (
        <p className="small muted">No row has a value of {statsKey}.</p>
      ) : (
        <StatPair
          statKey={statsKey}
          sides={[
            {
              name: 'kept',
              label: `${statsKey} of the rows ${name} kept`,
              tone: 'kept',
              summary: outcome.kept,
              missing: outcome.rowsKept === 0 ? 'it kept no row' : `no kept row has a ${statsKey}`
            },
            {
              name: 'dropped',
              label: `${statsKey} of the rows ${name} dropped`,
              tone: 'dropped',
              summary: outcome.dropped,
              missing: outcome.rowsDropped === 0 ? 'it dropped no row' : `no dropped row has a ${statsKey}`
            }
          ]}
        />
      )}
      {outcome.examples.length > 0 && <DroppedExamples outcome={outcome} />}
    </article>
  )
}

/** In a job's report: each filter's stat among the rows it kept and those it dropped, with examples of the dropped. */
export function FilterOutcomes({ details }: { details: JobDetails }): React.JSX.Element | null {
  const titleId = useId()
  const key = outcomesKey(details.workDir, details.finishedAt)
  const state = useStore((s) => s.filterOutcomes)
  const { workDir, finishedAt } = details
  const isRun = details.kind === 'run'
  useEffect(() => {
    if (isRun) void loadOutcomes(workDir, finishedAt)
  }, [isRun, workDir, finishedAt])
  if (!isRun) return null
  const shown = state.status !== 'none' && state.key === key ? state : undefined
  return (
    <section className="filter-outcomes" aria-labelledby={titleId}>
      <h3 id={titleId} className="detail-label">
        Filter outcomes
      </h3>
      {(shown === undefined || shown.status === 'loading') && (
        <p className="small muted" role="status">
          Reading what each filter kept and dropped…
        </p>
      )}
      {shown?.status === 'error' && (
        <p className="small error-text" role="alert">
          {shown.error.message}
        </p>
      )}
      {shown?.status === 'ready' && (
        <>
          {!shown.outcomes.complete && (
            <p className="small notice" role="note">
              So far: {formatCount(shown.outcomes.partitionsDone)} of {formatCount(shown.outcomes.partitions)} partitions ran every filter (the job
              did not finish them all).
            </p>
          )}
          {shown.outcomes.outcomes.length === 0 ? (
            <p className="small muted">This recipe has no filter: no row was dropped by a threshold.</p>
          ) : (
            shown.outcomes.outcomes.map((o) => <OutcomeOfFilter key={`${o.index} ${o.name}`} outcome={o} />)
          )}
        </>
      )}
    </section>
  )
}
