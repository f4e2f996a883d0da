import { memo, useCallback, useId, useMemo, useState } from 'react'
import { useStore } from 'zustand'
import type { JobDetails } from '../../../../shared/jobs'
import { jobLive } from '../../features/jobs/job-live'
import { PARTITION_STATE_LOOK, PARTITION_STATES, partitionState, type PartitionState } from '../../features/jobs/job-live-model'
import { formatCount } from '../../format'
import { PartitionDetailPanel } from './PartitionDetailPanel'
import './jobs.css'

const NO_STATES: Record<number, PartitionState> = {}

interface CellProps {
  id: number
  state: PartitionState
  selected: boolean
  onToggle: (id: number) => void
}

/** Memoised: when one partition changes state, only its cell is drawn again, however many there are. */
const PartitionCell = memo(function PartitionCell({ id, state, selected, onToggle }: CellProps): React.JSX.Element {
  return (
    <button
      type="button"
      className={`cell state-${state}${selected ? ' selected' : ''}`}
      aria-label={`Partition ${id}: ${state}`}
      aria-description={PARTITION_STATE_LOOK[state].meaning}
      aria-pressed={selected}
      title={`Partition ${id}: ${PARTITION_STATE_LOOK[state].meaning}`}
      // The glyph is drawn by CSS from this attribute, so it is no part of the cell's or the legend's text.
      data-glyph={PARTITION_STATE_LOOK[state].glyph}
      onClick={() => onToggle(id)}
    />
  )
})

/** One cell per partition, colored by state; a cell opens that partition's attempts, checkpoints and files. */
export function PartitionGrid({ details, running }: { details: JobDetails; running: boolean }): React.JSX.Element {
  const live = useStore(jobLive, (s) => s[details.workDir]?.partitions ?? NO_STATES)
  const liveTotal = useStore(jobLive, (s) => s[details.workDir]?.progress?.partitions.total ?? 0)
  const [selected, setSelected] = useState<number | null>(null)
  const toggle = useCallback((id: number) => setSelected((current) => (current === id ? null : id)), [])
  const titleId = useId()

  const cells = useMemo(() => {
    const byId = new Map(details.partitionDetails.map((p) => [p.id, p]))
    const count = Math.max(details.partitionDetails.length, liveTotal)
    return Array.from({ length: count }, (_, i) => {
      const id = details.partitionDetails[i]?.id ?? i
      return { id, state: partitionState(byId.get(id), live[id], running) }
    })
  }, [details.partitionDetails, live, liveTotal, running])

  const counts = useMemo(() => {
    const c: Record<PartitionState, number> = { pending: 0, running: 0, waiting: 0, retrying: 0, done: 0, failed: 0 }
    for (const cell of cells) c[cell.state]++
    return c
  }, [cells])

  const detail = selected === null ? undefined : details.partitionDetails.find((p) => p.id === selected)
  const selectedState = cells.find((c) => c.id === selected)?.state

  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId} className="panel-title">
        Partitions <span className="muted">({formatCount(cells.length)})</span>
      </h2>
      {cells.length === 0 ? (
        <p className="muted small">The partitions appear once the job is planned.</p>
      ) : (
        <>
          <ul className="legend" aria-label="Partition states">
            {PARTITION_STATES.map((state) => (
              <li key={state} title={PARTITION_STATE_LOOK[state].meaning}>
                <span className={`swatch state-${state}`} aria-hidden="true" data-glyph={PARTITION_STATE_LOOK[state].glyph} />
                {state} <span className="muted">{formatCount(counts[state])}</span>
              </li>
            ))}
          </ul>
          <div className="partition-grid" role="group" aria-label="Partition grid">
            {cells.map((cell) => (
              <PartitionCell key={cell.id} id={cell.id} state={cell.state} selected={cell.id === selected} onToggle={toggle} />
            ))}
          </div>
        </>
      )}
      {selected !== null && (
        <PartitionDetailPanel
          workDir={details.workDir}
          id={selected}
          detail={detail}
          state={selectedState ?? 'pending'}
          onClose={() => setSelected(null)}
        />
      )}
    </section>
  )
}
