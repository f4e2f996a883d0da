import type { JobStatus } from '../../../../shared/jobs'
import { statusText } from './job-format'
import './jobs.css'

/** A job's status as a colored pill; the monitor's carries the `job-status` test id. */
export function StatusBadge({ status, testId }: { status: JobStatus; testId?: string }): React.JSX.Element {
  return (
    <span className={`job-badge status-${status}`} data-testid={testId}>
      {statusText(status)}
    </span>
  )
}
