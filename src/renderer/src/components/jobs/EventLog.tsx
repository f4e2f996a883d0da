import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { useStore } from 'zustand'
import type { JobEvent } from '../../../../shared/jobs'
import type { LogLevel } from '../../../../shared/recipe'
import { jobLive } from '../../features/jobs/job-live'
import { filterEvents, LEVELS } from '../../features/jobs/job-live-model'
import { formatCount } from '../../format'
import { EventRow } from './EventRow'
import './jobs.css'

const NO_EVENTS: JobEvent[] = []
/** Rows drawn at most; older matching events stay in memory and show with narrower filters. */
const MAX_SHOWN = 1000
/** How close to the bottom still counts as "at the bottom", so the log keeps following. */
const STICK_PX = 24

/** A stable React key per event: events are appended and never copied, so their identity is theirs. */
const eventIds = new WeakMap<JobEvent, number>()
let nextEventId = 0
function idOf(e: JobEvent): number {
  let id = eventIds.get(e)
  if (id === undefined) {
    id = nextEventId++
    eventIds.set(e, id)
  }
  return id
}

/** The job's events, newest at the bottom; it follows new ones unless the reader scrolled up. */
export function EventLog({ workDir }: { workDir: string }): React.JSX.Element {
  const events = useStore(jobLive, (s) => s[workDir]?.events ?? NO_EVENTS)
  const history = useStore(jobLive, (s) => s[workDir]?.history)
  const [minLevel, setMinLevel] = useState<LogLevel>('INFO')
  const [type, setType] = useState('all')
  const [following, setFollowing] = useState(true)
  const list = useRef<HTMLOListElement>(null)
  const titleId = useId()

  const types = useMemo(() => [...new Set(events.map((e) => e.event_type))].sort(), [events])
  const matching = useMemo(() => filterEvents(events, { minLevel, type }), [events, minLevel, type])
  const shown = matching.length > MAX_SHOWN ? matching.slice(-MAX_SHOWN) : matching

  useLayoutEffect(() => {
    if (following && list.current !== null) list.current.scrollTop = list.current.scrollHeight
  }, [shown, following])

  const onScroll = (): void => {
    const el = list.current
    if (el === null) return
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < STICK_PX
    if (atBottom !== following) setFollowing(atBottom)
  }

  return (
    <section className="panel event-panel" aria-labelledby={titleId}>
      <div className="row space-between">
        <h2 id={titleId} className="panel-title">
          Events <span className="muted">({formatCount(matching.length)})</span>
        </h2>
        <div className="row">
          <label className="row small">
            Type
            <select aria-label="Event type" value={type} onChange={(e) => setType(e.target.value)}>
              <option value="all">all types</option>
              {[...new Set([...types, ...(type === 'all' ? [] : [type])])].map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label className="row small">
            Level
            <select aria-label="Level" value={minLevel} onChange={(e) => setMinLevel(e.target.value as LogLevel)} title="This level and above">
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l === 'ERROR' ? l : `${l} and above`}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      {history?.status === 'error' && <p className="small error-text">Could not read the event log: {history.message}</p>}
      <div className="event-frame">
        <ol ref={list} className="event-log" aria-label="Event log" onScroll={onScroll}>
          {shown.map((e) => (
            <EventRow key={idOf(e)} event={e} />
          ))}
        </ol>
        {shown.length === 0 && (
          <p className="event-empty muted small">
            {history?.status === 'loading'
              ? 'Reading the event log…'
              : events.length === 0
                ? 'Events appear here as the job runs: partitions starting and finishing, checkpoints, retries, bad records.'
                : 'No event matches these filters; choose a lower level or all types.'}
          </p>
        )}
        {!following && shown.length > 0 && (
          <button type="button" className="small-button follow-button" onClick={() => setFollowing(true)}>
            Follow newest ↓
          </button>
        )}
      </div>
      {matching.length > MAX_SHOWN && (
        <p className="muted small">
          Showing the newest {formatCount(MAX_SHOWN)} of {formatCount(matching.length)}; filter by type or level to see others.
        </p>
      )}
    </section>
  )
}
