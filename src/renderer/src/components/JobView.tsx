import { useStore } from '../store'
import { cancelJob, closeJob, openParquet, openWorkDir, resumeJob } from '../store/actions'
import { JobProgressBar } from './JobProgressBar'
import { formatCount, humanBytes } from '../format'
import { ErrorPanel } from './ErrorPanel'
import type { PublishedChunk } from '../../../shared/jobs'

function ChunkRow({ label, chunk }: { label: string; chunk: PublishedChunk }): React.JSX.Element {
  return (
    <tr>
      <td>{label}</td>
      <td className="mono small clip" title={chunk.path}>
        {chunk.path.split(/[\\/]/).pop()}
      </td>
      <td>{formatCount(chunk.rows)}</td>
      <td>{humanBytes(chunk.bytes)}</td>
      <td>
        {/\.parquet$/i.test(chunk.path) && (
          <button type="button" onClick={() => void openParquet(chunk.path)} aria-label={`Inspect ${chunk.path.split(/[\\/]/).pop()}`}>
            Inspect
          </button>
        )}
      </td>
    </tr>
  )
}

/** A work directory opened in the window: its job's state and every published chunk. */
export function JobView(): React.JSX.Element | null {
  const job = useStore((s) => s.job)
  if (job.status === 'closed') return null
  if (job.status === 'loading') return <div className="loading">Reading {job.workDir}…</div>
  if (job.status === 'error') {
    return (
      <section>
        <ErrorPanel title={`Cannot open ${job.workDir}`} error={job.error} />
        <button type="button" onClick={closeJob}>
          Close
        </button>
      </section>
    )
  }
  const s = job.summary
  const done = s.partitions.filter((p) => p.status === 'done').length
  return (
    <section className="job" aria-label="Job">
      <div className="row job-head">
        <h1 className="dataset-title">{s.projectName || s.jobId}</h1>
        <div className="row">
          <button type="button" onClick={() => void openWorkDir(s.workDir)}>
            Refresh
          </button>
          <button type="button" onClick={closeJob}>
            Close
          </button>
        </div>
      </div>
      <div className="muted small mono dataset-path">{s.workDir}</div>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="job-status">{s.status.replace(/_/g, ' ')}</dd>
        </div>
        <div>
          <dt>Partitions</dt>
          <dd>
            {done} / {s.partitions.length} done
          </dd>
        </div>
        <div>
          <dt>Rows</dt>
          <dd>
            {formatCount(s.rowsPlanned)} in, {formatCount(s.rowsOut)} out
          </dd>
        </div>
        <div>
          <dt>Bad records</dt>
          <dd>{formatCount(s.badRecords)}</dd>
        </div>
      </dl>
      {(s.status === 'interrupted' || s.status === 'completed_with_failures' || s.status === 'failed') && (
        <div className="notice row" role="note">
          <span>
            {s.status === 'interrupted'
              ? 'This job was interrupted. Resume continues it from its manifest: finished partitions are verified and kept.'
              : 'Some partitions failed. Resume retries only those, once the cause is fixed.'}
          </span>
          <button type="button" className="primary" onClick={() => void resumeJob(s.workDir)}>
            Resume
          </button>
        </div>
      )}
      {s.status === 'running' && (
        <div className="row">
          <JobProgressBar workDir={s.workDir} />
          <button type="button" onClick={() => void cancelJob(s.workDir)}>
            Cancel
          </button>
        </div>
      )}
      <div className="table-wrap">
        <table className="data" aria-label="Published chunks">
          <thead>
            <tr>
              <th>Chunk</th>
              <th>File</th>
              <th>Rows</th>
              <th>Size</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {s.exportFiles.map((f, i) => (
              <ChunkRow key={f.path} label={s.exportFiles.length === 1 ? 'export' : `export ${i + 1}`} chunk={f} />
            ))}
            {s.partitions.map((p) =>
              p.result !== undefined ? (
                <ChunkRow key={p.id} label={`partition ${p.id}`} chunk={p.result} />
              ) : (
                <tr key={p.id}>
                  <td>partition {p.id}</td>
                  <td colSpan={4} className="muted">
                    {p.status}
                    {p.error !== undefined ? `: ${p.error}` : ''}
                  </td>
                </tr>
              )
            )}
          </tbody>
        </table>
      </div>
    </section>
  )
}
