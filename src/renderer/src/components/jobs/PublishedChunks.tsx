import { useId } from 'react'
import type { JobDetails, PublishedChunk } from '../../../../shared/jobs'
import { openParquet } from '../../features/inspector/inspector-actions'
import { formatCount, humanBytes } from '../../format'
import { baseName, isParquetPath } from '../../paths'
import './jobs.css'

function ChunkRow({ label, chunk }: { label: string; chunk: PublishedChunk }): React.JSX.Element {
  const name = baseName(chunk.path)
  return (
    <tr>
      <td>{label}</td>
      <td className="mono small clip" title={chunk.path}>
        {name}
      </td>
      <td className="num">{formatCount(chunk.rows)}</td>
      <td className="num">{humanBytes(chunk.bytes)}</td>
      <td>
        {isParquetPath(chunk.path) && (
          <button type="button" className="small-button" onClick={() => void openParquet(chunk.path)} aria-label={`Inspect ${name}`}>
            Inspect
          </button>
        )}
      </td>
    </tr>
  )
}

/** Every file the job published, export first, then each partition's result as it appears. */
export function PublishedChunks({ details }: { details: JobDetails }): React.JSX.Element {
  const titleId = useId()
  const published = details.partitions.filter((p) => p.result !== undefined).length
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId} className="panel-title">
        Published files{' '}
        <span className="muted">
          ({formatCount(details.exportFiles.length)} export, {formatCount(published)} of {formatCount(details.partitions.length)} partition results)
        </span>
      </h2>
      <div className="table-wrap chunks-wrap">
        <table className="data" aria-label="Published chunks">
          <thead>
            <tr>
              <th>Chunk</th>
              <th>File</th>
              <th className="num">Rows</th>
              <th className="num">Size</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {details.exportFiles.map((f, i) => (
              <ChunkRow key={f.path} label={details.exportFiles.length === 1 ? 'export' : `export ${i + 1}`} chunk={f} />
            ))}
            {details.partitions.map((p) =>
              p.result !== undefined ? (
                <ChunkRow key={p.id} label={`partition ${p.id}`} chunk={p.result} />
              ) : (
                <tr key={p.id}>
                  <td>partition {p.id}</td>
                  <td colSpan={4} className="muted small">
                    {p.status === 'done' ? 'done' : `${p.status} — published when done`}
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
