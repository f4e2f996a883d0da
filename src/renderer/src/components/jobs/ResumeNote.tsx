import type { JobStatus } from '../../../../shared/jobs'
import './jobs.css'

/** Why the job stopped short, and what Resume does about it. */
export function ResumeNote({ status }: { status: JobStatus }): React.JSX.Element | null {
  if (status === 'interrupted') {
    return (
      <div className="notice" role="note">
        This job was interrupted. Resume continues it from its manifest: finished partitions are verified and kept, the others restart from their
        newest checkpoint.
      </div>
    )
  }
  if (status === 'cancelled') {
    return (
      <div className="notice" role="note">
        This job was cancelled. What it finished is kept: Resume continues it from there, verifying finished partitions and restarting the others from
        their newest checkpoint.
      </div>
    )
  }
  if (status === 'completed_with_failures' || status === 'failed') {
    return (
      <div className="notice" role="note">
        Some partitions failed (their errors are in the partition grid and the event log). Once the cause is fixed, Resume retries only those.
      </div>
    )
  }
  return null
}
