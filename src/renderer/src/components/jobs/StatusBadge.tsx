import type { ShownStatus } from '../../features/jobs/job-live-model'
import { statusText } from './job-format'
import './jobs.css'

/** A job's status as a colored pill (a paused running job shows paused); the monitor's carries the `job-status` test id. */
export function StatusBadge({ status, testId }: { status: ShownStatus; testId?: string }): React.JSX.Element {
  return (
    <span className={`job-badge status-${status}`} data-testid={testId}>
      {statusText(status)}
    </span>
  )
}
