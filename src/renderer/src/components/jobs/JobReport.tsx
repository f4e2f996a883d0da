import { useId, useState } from 'react'
import type { JobDetails } from '../../../../shared/jobs'
import { openDataset } from '../../features/dataset/dataset-actions'
import { revealPath } from '../../features/jobs/job-actions'
import { formatCount, humanBytes } from '../../format'
import { baseName } from '../../paths'
import { formatDuration, formatRate } from './job-format'
import { useAction } from './use-action'
import { ExportCheckNote } from './ExportCheckNote'
import { CompareWith } from '../compare/CompareWith'
import { FilterOutcomes } from './FilterOutcomes'
import './jobs.css'
import { WrappingName } from '../WrappingName'

function Fact({ label, value, hint }: { label: string; value: string; hint?: string }): React.JSX.Element {
  return (
    <div title={hint}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  )
}

/** Once a job ended: rows and time per operator, what was dropped and why, where the output went. */
export function JobReport({ details }: { details: JobDetails }): React.JSX.Element {
  const titleId = useId()
  const reveal = useAction()
  const [folder, setFolder] = useState<string | null>(null)
  const perf = details.performance
  // The engine's throughput (rows through the chain per active second): the chart's average shows the same figure.
  const rowsPerS = perf?.rowsPerS ?? null
  const totalMillis = details.operations.reduce((n, o) => n + o.millis, 0)
  const revealTarget = details.exportFiles[0]?.path ?? details.exportPath
  const outputRows = details.exportFiles.reduce((n, f) => n + f.rows, 0)

  return (
    <section className="panel report" aria-labelledby={titleId}>
      <div className="row space-between">
        <h2 id={titleId} className="panel-title">
          Report
        </h2>
        <div className="row">
          <CompareWith details={details} />
          {revealTarget !== '' && (
            <button
              type="button"
              disabled={reveal.busy}
              onClick={() =>
                reveal.run(async () => {
                  const shown = await revealPath(revealTarget)
                  setFolder(shown.revealed ? null : shown.folder)
                })
              }
              title={revealTarget}
            >
              Reveal in folder
            </button>
          )}
        </div>
      </div>
      {reveal.error !== null && <p className="small error-text">Could not show the output: {reveal.error}</p>}
      {folder !== null && (
        <p className="small muted">
          The output is in <span className="mono">{folder}</span>
        </p>
      )}
      <ExportCheckNote workDir={details.workDir} checks={details.exportCheck} />
      <dl className="facts report-facts">
        <Fact
          label="Run time"
          hint="Wall time of the last run, from its start or resume to its end, pauses included: the Jobs list's Duration"
          value={details.wallSeconds === null ? '—' : formatDuration(details.wallSeconds)}
        />
        {perf?.activeS != null && (
          <Fact label="Active time" hint="Run time less the time paused with no partition running" value={formatDuration(perf.activeS)} />
        )}
        <Fact label="Rows in" value={formatCount(details.rowsPlanned)} />
        <Fact label="Rows out" value={formatCount(details.rowsOut)} />
        <Fact
          label="Throughput"
          hint="Rows through the whole chain per active second of the last run (rows already done before a resume do not count)"
          value={rowsPerS === null ? '—' : formatRate(rowsPerS, 'rows')}
        />
        <Fact label="Duplicates removed" value={formatCount(details.duplicatesRemoved)} />
        <Fact label="Bad records" value={formatCount(details.badRecords)} />
        {perf !== null && (
          <Fact label="CPU time" value={`${formatDuration(perf.cpuUserS + perf.cpuSystemS)} (${formatDuration(perf.cpuSystemS)} system)`} />
        )}
        {perf !== null && <Fact label="Peak memory" value={`${formatCount(Math.round(perf.peakRssMb))} MB`} />}
      </dl>
      <div className="report-columns">
        <div>
          <h3 className="detail-label">Operators</h3>
          <table className="mini-table report-ops" aria-label="Operators">
            <thead>
              <tr>
                <th>Operator</th>
                <th className="num">Rows in</th>
                <th className="num">Rows out</th>
                <th className="num">Dropped</th>
                <th className="num">Time</th>
                <th aria-label="Share of time" />
              </tr>
            </thead>
            <tbody>
              {details.operations.map((o) => (
                <tr key={o.index}>
                  <td className="mono op-name">
                    {o.index + 1}. <WrappingName text={o.name} />
                  </td>
                  <td className="num">{formatCount(o.rowsIn)}</td>
                  <td className="num">{formatCount(o.rowsOut)}</td>
                  <td className="num">{o.dropped > 0 ? formatCount(o.dropped) : '—'}</td>
                  <td className="num">{formatDuration(o.millis / 1000)}</td>
                  <td className="share">
                    <div className="share-bar" aria-hidden="true">
                      <div style={{ width: `${totalMillis > 0 ? (o.millis / totalMillis) * 100 : 0}%` }} />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h3 className="detail-label">Output</h3>
          {details.exportFiles.length === 0 ? (
            <p className="muted small">
              No output file: {details.status === 'completed' ? 'nothing was exported.' : 'the export runs once every partition is done.'}
            </p>
          ) : (
            <table className="mini-table" aria-label="Output files">
              <thead>
                <tr>
                  <th>File</th>
                  <th className="num">Rows</th>
                  <th className="num">Size</th>
                </tr>
              </thead>
              <tbody>
                {details.exportFiles.map((f) => (
                  <tr key={f.path}>
                    <td className="mono clip" title={f.path}>
                      {baseName(f.path)}
                    </td>
                    <td className="num">{formatCount(f.rows)}</td>
                    <td className="num">{humanBytes(f.bytes)}</td>
                  </tr>
                ))}
                {details.exportFiles.length > 1 && (
                  <tr>
                    <td>total</td>
                    <td className="num">{formatCount(outputRows)}</td>
                    <td className="num">{humanBytes(details.exportFiles.reduce((n, f) => n + f.bytes, 0))}</td>
                  </tr>
                )}
              </tbody>
            </table>
          )}
          {details.errorFiles.length > 0 && (
            <>
              <h3 className="detail-label">Bad records</h3>
              <ul className="error-files" aria-label="Bad record files">
                {details.errorFiles.map((path) => (
                  <li key={path} className="row">
                    <span className="mono small clip-text" title={path}>
                      {baseName(path)}
                    </span>
                    <button
                      type="button"
                      className="small-button"
                      aria-label={`Open errors ${baseName(path)}`}
                      onClick={() => void openDataset(path)}
                    >
                      Open errors
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>
      <FilterOutcomes details={details} />
    </section>
  )
}
