import { useState } from 'react'
import { useStore } from '../app/store'
import { closeInspector } from '../features/inspector/inspector-actions'
import { openDataset } from '../features/dataset/dataset-actions'
import { formatCount, humanBytes } from '../format'
import type { ParquetInfo, ValidationReport } from '../../../shared/parquet'
import { ErrorPanel } from './ErrorPanel'
import { SchemaTree } from './SchemaTree'
import { RowGroups } from './RowGroups'
import { MetadataList } from './MetadataList'
import { VirtualGrid } from './VirtualGrid'

type Tab = 'data' | 'schema' | 'rowGroups' | 'metadata'

function Verdict({ info }: { info: ParquetInfo }): React.JSX.Element {
  const full = useStore((s) => (s.inspector.status === 'ready' ? s.inspector.full : undefined))
  const report: ValidationReport | undefined = full?.status === 'done' ? full.report : !info.quick.valid ? info.quick : undefined
  let badge: React.JSX.Element
  if (report !== undefined) {
    badge = report.valid ? (
      <span className="badge ok" data-testid="verdict">
        Valid
      </span>
    ) : (
      <span className="badge bad" data-testid="verdict">
        Invalid · {report.findings.length} finding{report.findings.length === 1 ? '' : 's'}
      </span>
    )
  } else if (full?.status === 'error') {
    badge = (
      <span className="badge bad" data-testid="verdict">
        Check failed
      </span>
    )
  } else {
    badge = (
      <span className="badge pending" data-testid="verdict">
        Checking every row group…
      </span>
    )
  }
  return (
    <div className="verdict">
      {badge}
      {report !== undefined && report.valid && (
        <span className="muted small">
          footer, schema and all {formatCount(info.rowGroups.length)} row groups decode
          {report.inManifest === true ? '; matches its work directory’s manifest' : ''}
        </span>
      )}
      {full?.status === 'error' && <span className="muted small">{full.error.message}</span>}
      {report !== undefined && report.findings.length > 0 && (
        <ul className="findings" aria-label="Findings">
          {report.findings.map((f, i) => (
            <li key={i}>
              <span className="mono finding-code">{f.code}</span> {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

/** The Parquet inspector: verdict, data, schema, row groups, metadata of one file. */
export function Inspector(): React.JSX.Element | null {
  const inspector = useStore((s) => s.inspector)
  const [tab, setTab] = useState<Tab>('data')
  if (inspector.status === 'closed') return null
  if (inspector.status === 'loading') {
    return (
      <div className="loading" role="status">
        Reading the footer of {inspector.path}…
      </div>
    )
  }
  if (inspector.status === 'error') {
    return (
      <section className="inspector">
        <ErrorPanel title={`Cannot open ${inspector.path}`} error={inspector.error} />
        <button type="button" onClick={closeInspector}>
          Close
        </button>
      </section>
    )
  }
  const { info } = inspector
  const tabs: [Tab, string][] = [
    ['data', 'Data'],
    ['schema', 'Schema'],
    ['rowGroups', `Row groups (${info.rowGroups.length})`],
    ['metadata', `Metadata (${info.metadata.length})`]
  ]
  return (
    <section className="inspector" aria-label="Parquet inspector">
      <div className="inspector-head">
        <div className="row">
          <h1 className="dataset-title mono" title={info.path}>
            {info.path.split(/[\\/]/).pop()}
          </h1>
          <div className="row">
            <button type="button" onClick={() => void openDataset(info.path)} title="Open this file in the dataset view, to build a recipe on it">
              Use as dataset
            </button>
            <button type="button" onClick={closeInspector} aria-label="Close the inspector">
              Close
            </button>
          </div>
        </div>
        <div className="muted small mono dataset-path">{info.path}</div>
        <dl className="facts">
          <div>
            <dt>Rows</dt>
            <dd data-testid="parquet-rows">{formatCount(info.numRows)}</dd>
          </div>
          <div>
            <dt>Size</dt>
            <dd>{humanBytes(info.sizeBytes)}</dd>
          </div>
          <div>
            <dt>Row groups</dt>
            <dd>{formatCount(info.rowGroups.length)}</dd>
          </div>
          <div>
            <dt>Format version</dt>
            <dd>{info.formatVersion}</dd>
          </div>
          <div>
            <dt>Created by</dt>
            <dd className="small">{info.createdBy ?? '—'}</dd>
          </div>
        </dl>
        <Verdict info={info} />
      </div>
      <div className="tabs" role="tablist" aria-label="Inspector sections">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            className={tab === id ? 'tab active' : 'tab'}
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="tab-body" role="tabpanel">
        {tab === 'data' &&
          (info.quick.valid ? (
            <VirtualGrid path={info.path} numRows={info.numRows} columns={info.columns} />
          ) : (
            <p className="muted">The data cannot be shown: the file did not pass the quick check.</p>
          ))}
        {tab === 'schema' && (info.schema !== null ? <SchemaTree root={info.schema} /> : <p className="muted">No schema could be read.</p>)}
        {tab === 'rowGroups' && <RowGroups groups={info.rowGroups} />}
        {tab === 'metadata' && <MetadataList entries={info.metadata} />}
      </div>
    </section>
  )
}
