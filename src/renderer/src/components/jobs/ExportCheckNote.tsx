import type { ExportFileCheck } from '../../../../shared/jobs'
import { checkJobOutput } from '../../features/jobs/job-actions'
import { formatCount, humanBytes } from '../../format'
import { baseName } from '../../paths'
import { useAction } from './use-action'
import './jobs.css'

/** Two sizes that differ, in bytes when their rounded forms would read the same. */
function sizes(then: number, now: number): string {
  const [a, b] =
    humanBytes(then) === humanBytes(now) ? [`${formatCount(then)} bytes`, `${formatCount(now)} bytes`] : [humanBytes(then), humanBytes(now)]
  return `${a} then, ${b} now`
}

/** What became of one export file since the job wrote it, in a few words. */
export function exportStateText(check: ExportFileCheck): string {
  switch (check.state) {
    case 'same':
      return check.hashed ? 'as the job wrote it (sha256 checked)' : 'as the job wrote it'
    case 'changed':
      return check.bytes !== null && check.bytes !== check.recordedBytes
        ? `changed since the job wrote it: ${sizes(check.recordedBytes, check.bytes)}`
        : 'changed since the job wrote it: its contents differ (sha256)'
    case 'touched':
      return 'modified since the job wrote it (same size; contents not checked)'
    case 'missing':
      return 'no longer there'
  }
}

/**
 * Says so when the output on disk is no longer what this job wrote (another job or a person
 * replaced it, or it was removed), and offers to compare the contents of files too large to hash unasked.
 */
export function ExportCheckNote({ workDir, checks }: { workDir: string; checks: ExportFileCheck[] }): React.JSX.Element | null {
  const action = useAction()
  const off = checks.filter((c) => c.state !== 'same')
  if (off.length === 0) return null
  const touched = off.some((c) => c.state === 'touched')
  const changed = off.some((c) => c.state === 'changed' || c.state === 'missing')
  return (
    <div className={changed ? 'error-panel export-check' : 'notice export-check'} role={changed ? 'alert' : 'status'} data-testid="export-check">
      <div>
        {changed
          ? 'The output is not what this job wrote: the figures below are the job’s, not the file’s.'
          : 'The output was modified after this job wrote it.'}
      </div>
      <ul>
        {off.map((c) => (
          <li key={c.path}>
            <span className="mono" title={c.path}>
              {baseName(c.path)}
            </span>{' '}
            <span className={`export-state-${c.state}`}>{exportStateText(c)}</span>
          </li>
        ))}
      </ul>
      {touched && (
        <button type="button" disabled={action.busy} onClick={() => action.run(() => checkJobOutput(workDir))}>
          {action.busy ? 'Checking…' : 'Compare contents (sha256)'}
        </button>
      )}
      {action.error !== null && <p className="small error-text">{action.error}</p>}
    </div>
  )
}
