import { useEffect, useId, useState } from 'react'
import { useModalDialog } from '../../use-modal-dialog'
import type { ResumePlan } from '../../../../shared/jobs'
import { fetchResumePlan, restartJob, resumeJob } from '../../features/jobs/job-actions'
import { asApiError } from '../../app/errors'
import { formatCount } from '../../format'
import { useAction } from './use-action'
import './jobs.css'

function PlanSummary({ plan }: { plan: ResumePlan }): React.JSX.Element {
  return (
    <ul className="resume-plan" aria-label="What resume will do">
      <li>
        <strong>{formatCount(plan.verified)}</strong> of {formatCount(plan.partitions)} partitions done and verified — kept as they are
      </li>
      <li>
        <strong>{formatCount(plan.toRedo)}</strong> to redo
      </li>
      <li>
        <strong>{formatCount(plan.toRetry)}</strong> failed, to retry
      </li>
      {/* Counted over both lines above: a failed partition can restart from a checkpoint too. */}
      {plan.fromCheckpoint > 0 && (
        <li>
          <strong>{formatCount(plan.fromCheckpoint)}</strong> of these restart from a checkpoint rather than from their input
        </li>
      )}
      <li>
        {plan.exportComplete
          ? 'Export done: the output files are complete.'
          : 'Export not done yet: the output is written once every partition is done.'}
      </li>
    </ul>
  )
}

/**
 * What Resume will do, read from the manifest before anything runs. When the inputs or the recipe
 * changed since the job was planned, it says what changed and offers to start fresh or resume anyway.
 */
export function ResumeDialog({ workDir, name, onClose }: { workDir: string; name: string; onClose: () => void }): React.JSX.Element {
  const dialog = useModalDialog()
  const titleId = useId()
  const [plan, setPlan] = useState<{ status: 'loading' } | { status: 'ready'; plan: ResumePlan } | { status: 'error'; message: string }>({
    status: 'loading'
  })
  const action = useAction()

  useEffect(() => {
    let current = true
    fetchResumePlan(workDir).then(
      (p) => current && setPlan({ status: 'ready', plan: p }),
      (err: unknown) => current && setPlan({ status: 'error', message: asApiError(err).message })
    )
    return () => {
      current = false
    }
  }, [workDir])

  const act = (run: () => Promise<void>): void =>
    action.run(async () => {
      await run()
      onClose()
    })
  const changes = plan.status === 'ready' ? plan.plan.changes : []

  return (
    <dialog
      ref={dialog}
      className="resume-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault()
        if (!action.busy) onClose()
      }}
    >
      <h2 id={titleId}>Resume {name}</h2>
      <p className="muted small mono">{workDir}</p>
      {plan.status === 'loading' && (
        <p className="muted" role="status">
          Checking what the manifest records…
        </p>
      )}
      {plan.status === 'error' && (
        <div className="error-panel" role="alert">
          <div className="error-title">Cannot tell what resume would do</div>
          <div className="error-message">{plan.message}</div>
        </div>
      )}
      {plan.status === 'ready' && <PlanSummary plan={plan.plan} />}
      {changes.length > 0 && (
        <div className="error-panel resume-changes" role="alert">
          <div className="error-title">Changed since this job was planned</div>
          <ul aria-label="What changed">
            {changes.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
          <div className="small">
            Start fresh discards what this job did and runs its recorded recipe again from the start. Resume anyway keeps the finished partitions,
            which were made from the old inputs or recipe.
          </div>
        </div>
      )}
      {action.error !== null && (
        <div className="error-panel" role="alert">
          <div className="error-title">Could not start the job</div>
          <div className="error-message">{action.error}</div>
        </div>
      )}
      <div className="row dialog-actions">
        <button type="button" onClick={onClose} disabled={action.busy}>
          Not now
        </button>
        {changes.length > 0 ? (
          <>
            <button type="button" className="primary" disabled={action.busy} onClick={() => act(() => restartJob(workDir))}>
              Start fresh
            </button>
            <button type="button" disabled={action.busy} onClick={() => act(() => resumeJob(workDir, true))}>
              Resume anyway
            </button>
          </>
        ) : (
          <button type="button" className="primary" disabled={action.busy || plan.status === 'loading'} onClick={() => act(() => resumeJob(workDir))}>
            Resume
          </button>
        )}
      </div>
    </dialog>
  )
}
