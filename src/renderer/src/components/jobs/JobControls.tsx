import { useStore } from 'zustand'
import type { JobStatus } from '../../../../shared/jobs'
import { jobLive, pauseJob } from '../../features/jobs/job-live'
import { cancelJob } from '../../features/jobs/job-actions'
import { canResume } from '../../features/jobs/job-live-model'
import { ResumeButton } from './ResumeButton'
import { useAction } from './use-action'
import './jobs.css'

/** Pause / Continue and Cancel while the job runs; Resume once it stopped short. */
export function JobControls({ workDir, name, status }: { workDir: string; name: string; status: JobStatus }): React.JSX.Element | null {
  const paused = useStore(jobLive, (s) => s[workDir]?.progress?.paused ?? false)
  const action = useAction()
  if (status === 'running') {
    return (
      <div className="row">
        <button
          type="button"
          disabled={action.busy}
          title={paused ? 'Start new partitions again' : 'Start no new partition; running ones finish their stage'}
          onClick={() => action.run(() => pauseJob(workDir, !paused))}
        >
          {paused ? 'Continue' : 'Pause'}
        </button>
        <button
          type="button"
          aria-label="Cancel job"
          disabled={action.busy}
          title="Stop the job; what it finished is kept and Resume continues it"
          onClick={() => action.run(() => cancelJob(workDir))}
        >
          Cancel
        </button>
        {action.error !== null && (
          <span className="small error-text" role="alert">
            {action.error}
          </span>
        )}
      </div>
    )
  }
  if (canResume(status)) return <ResumeButton workDir={workDir} name={name} prominent />
  return null
}
