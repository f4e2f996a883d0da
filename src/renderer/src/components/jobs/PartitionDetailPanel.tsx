import { useMemo } from 'react'
import { useStore } from 'zustand'
import type { JobEvent, PartitionDetail } from '../../../../shared/jobs'
import { jobLive } from '../../features/jobs/job-live'
import { failedAttempts, type PartitionState } from '../../features/jobs/job-live-model'
import { openDataset } from '../../features/dataset/dataset-actions'
import { openParquet } from '../../features/inspector/inspector-actions'
import { formatCount, humanBytes } from '../../format'
import { baseName } from '../../paths'
import { formatDuration } from './job-format'
import './jobs.css'

/** One partition: its attempts and error, the checkpoints it can restart from, its result and bad records. */
const NO_EVENTS: JobEvent[] = []

export function PartitionDetailPanel({
  workDir,
  id,
  detail,
  state,
  onClose
}: {
  workDir: string
  id: number
  detail: PartitionDetail | undefined
  state: PartitionState
  onClose: () => void
}): React.JSX.Element {
  const events = useStore(jobLive, (s) => s[workDir]?.events ?? NO_EVENTS)
  const failures = useMemo(() => failedAttempts(events, id), [events, id])
  return (
    <div className="partition-detail" role="region" aria-label={`Partition ${id}`}>
      <div className="row space-between">
        <strong>
          Partition {id} <span className={`state-pill state-${state}`}>{state}</span>
        </strong>
        <button type="button" className="small-button" aria-label="Close partition details" onClick={onClose}>
          Close
        </button>
      </div>
      {detail === undefined ? (
        <p className="muted small">Its details appear once the job records it.</p>
      ) : (
        <>
          <dl className="facts compact">
            <div>
              <dt>Attempts</dt>
              <dd>{formatCount(detail.attempts)}</dd>
            </div>
            <div>
              <dt>Rows</dt>
              <dd>
                {formatCount(detail.rowsRead)} of {formatCount(detail.rowsIn)}
              </dd>
            </div>
            <div>
              <dt>Input</dt>
              <dd>{humanBytes(detail.bytes)}</dd>
            </div>
            <div>
              <dt>Bad records</dt>
              <dd>{formatCount(detail.badRecords)}</dd>
            </div>
            <div>
              <dt>Time</dt>
              <dd>{formatDuration(detail.millis / 1000)}</dd>
            </div>
          </dl>
          {failures.length > 0 ? (
            <div className="error-panel small" role="alert">
              <div className="error-title">Failed attempts</div>
              <ol className="attempt-errors" aria-label={`Failed attempts of partition ${id}`}>
                {failures.map((f) => (
                  <li key={`${f.timestamp}:${f.attempt}`}>
                    <span className="muted">
                      Attempt {f.attempt}, {new Date(f.timestamp * 1000).toLocaleTimeString()}:
                    </span>{' '}
                    <span className="error-message mono">{f.message}</span>
                  </li>
                ))}
              </ol>
            </div>
          ) : (
            detail.error !== undefined && (
              <div className="error-panel small" role="alert">
                <div className="error-title">Last error</div>
                <div className="error-message mono">{detail.error}</div>
              </div>
            )
          )}
          <div className="small">
            <div className="detail-label">Checkpoints</div>
            {detail.checkpoints.length === 0 ? (
              <div className="muted">None kept (a partition’s checkpoints are removed once its result is published).</div>
            ) : (
              <table className="mini-table" aria-label={`Checkpoints of partition ${id}`}>
                <thead>
                  <tr>
                    <th>After operator</th>
                    <th className="num">Rows</th>
                    <th className="num">Size</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.checkpoints.map((c) => (
                    <tr key={c.path}>
                      <td title={c.path}>
                        #{c.opIndex + 1} {c.opName}
                      </td>
                      <td className="num">{formatCount(c.rows)}</td>
                      <td className="num">{humanBytes(c.bytes)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          <div className="small file-line">
            <span className="detail-label">Result</span>
            {detail.result === undefined ? (
              <span className="muted">not published yet</span>
            ) : (
              <>
                <span className="mono clip-text" title={detail.result.path}>
                  {baseName(detail.result.path)}
                </span>
                <span className="muted nowrap">
                  {formatCount(detail.result.rows)} rows · {humanBytes(detail.result.bytes)}
                </span>
                <button
                  type="button"
                  className="small-button"
                  aria-label={`Inspect the result of partition ${id}`}
                  onClick={() => void openParquet(detail.result!.path)}
                >
                  Inspect
                </button>
              </>
            )}
          </div>
          {detail.errorsFile !== undefined && (
            <div className="small file-line">
              <span className="detail-label">Bad records</span>
              <span className="mono clip-text" title={detail.errorsFile}>
                {baseName(detail.errorsFile)}
              </span>
              <span className="muted nowrap">
                {formatCount(detail.badRecords)} {detail.badRecords === 1 ? 'row' : 'rows'}
              </span>
              <button
                type="button"
                className="small-button"
                aria-label={`Open the bad records of partition ${id}`}
                onClick={() => void openDataset(detail.errorsFile!)}
              >
                Open errors
              </button>
            </div>
          )}
        </>
      )}
    </div>
  )
}
