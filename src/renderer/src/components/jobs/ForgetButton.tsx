import { deps } from '../../app/deps'
import { forgetJob } from '../../features/jobs/job-actions'
import { useAction } from './use-action'

/** Removes a job from the list once the user confirms; its work directory and output stay on disk, and the confirmation says so. */
export function ForgetButton({ workDir, name }: { workDir: string; name: string }): React.JSX.Element {
  const action = useAction()
  return (
    <>
      <button
        type="button"
        className="small-button"
        aria-label={`Remove ${name} from the list`}
        title="Remove from this list; its files stay on disk"
        disabled={action.busy}
        onClick={() => {
          const ok = deps().confirm(
            `Remove ${name} from the list? Nothing is deleted: its work directory ${workDir} and its output stay on disk, and Open work directory… brings it back.`
          )
          if (ok) action.run(() => forgetJob(workDir))
        }}
      >
        Remove
      </button>
      {action.error !== null && (
        <span className="small error-text" role="alert">
          {action.error}
        </span>
      )}
    </>
  )
}
