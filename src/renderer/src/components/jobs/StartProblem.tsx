import { openWorkDir, type StartChoices } from '../../features/jobs/job-actions'
import type { StartProblem } from '../../features/jobs/start-problem'
import './jobs.css'

interface StartProblemProps {
  problem: StartProblem
  /** Starts again with more choices made (clear the work directory's job, replace the output). */
  onRetry: (choices: StartChoices) => void
  busy: boolean
}

/**
 * Why Start was refused and the buttons that go on: an occupied work directory offers to open its
 * job or start over; an existing output that is not this job's names the file and the job that
 * wrote it, and is replaced only when the user confirms with Replace.
 */
export function StartProblemPanel({ problem, onRetry, busy }: StartProblemProps): React.JSX.Element {
  if (problem.kind === 'output-exists') {
    const count = problem.files.length
    return (
      <div className="error-panel confirm-replace" role="alertdialog" aria-label="Replace the existing output?">
        <div className="error-title">Replace the existing output?</div>
        <div>{problem.message}</div>
        <ul className="existing-files" aria-label="Files that would be replaced">
          {problem.files.map((f) => (
            <li key={f.path}>
              <span className="mono">{f.path}</span>
              {f.writer !== undefined ? (
                <>
                  {' '}
                  — written by the job <strong>{f.writer.name}</strong> (<span className="mono">{f.writer.workDir}</span>)
                </>
              ) : (
                ' — not written by a job this window knows'
              )}
            </li>
          ))}
        </ul>
        <div className="row">
          <button type="button" className="danger" disabled={busy} onClick={() => onRetry({ ...problem.choices, replaceOutput: true })}>
            Replace {count === 1 ? 'it' : `${count} files`}
          </button>
          {problem.files[0]?.writer !== undefined && (
            <button type="button" onClick={() => void openWorkDir(problem.files[0]!.writer!.workDir)}>
              Open the job that wrote it
            </button>
          )}
        </div>
      </div>
    )
  }
  return (
    <div className="error-panel" role="alert">
      <div>{problem.message}</div>
      {problem.kind === 'holds-job' && (
        <div className="row start-problem-actions">
          <button type="button" onClick={() => void openWorkDir(problem.workDir)}>
            Open that job
          </button>
          <button type="button" disabled={busy} onClick={() => onRetry({ ...problem.choices, force: true })}>
            Start over
          </button>
        </div>
      )}
    </div>
  )
}
