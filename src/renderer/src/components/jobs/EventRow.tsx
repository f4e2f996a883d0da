import { memo } from 'react'
import type { JobEvent } from '../../../../shared/jobs'

function timeOf(e: JobEvent): string {
  const d = new Date(e.timestamp * 1000)
  return `${d.toLocaleTimeString('en-GB', { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

/** One line of the event log; memoized, since the log redraws as events arrive and old lines never change. */
export const EventRow = memo(function EventRow({ event: e }: { event: JobEvent }): React.JSX.Element {
  const message = e.error_message !== undefined && !e.message.includes(e.error_message) ? `${e.message}: ${e.error_message}` : e.message
  return (
    <li className={`event level-${e.level}`}>
      <span className="event-time mono">{timeOf(e)}</span>
      <span className={`event-level level-${e.level}`}>{e.level}</span>
      <span className="event-type mono" title={e.event_type}>
        {e.event_type}
      </span>
      <span className="event-message">{message}</span>
    </li>
  )
})
