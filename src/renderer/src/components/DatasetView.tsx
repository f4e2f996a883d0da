import { useStore } from '../app/store'
import { formatCount, humanBytes } from '../format'
import { DataTable } from './DataTable'
import { openParquet } from '../features/inspector/inspector-actions'
import { TextFieldChoice } from './TextFieldChoice'
import { datasetPaths } from '../dataset-fields'
import { WrappingName } from './WrappingName'
import { AnalyzeBar } from './analysis/AnalyzeBar'
import { ColumnProfiles } from './analysis/ColumnProfiles'
import { shownAnalysis } from '../features/analysis/analysis-slice'

/** The open dataset's columns over every row, from its analysis: Analyze makes one, a finished one shows at once. */
function WholeDataset(): React.JSX.Element {
  const shown = shownAnalysis(useStore((s) => s.analyses.dataset))
  return (
    <section className="dataset-analysis" aria-label="Whole dataset">
      <h2>Every row</h2>
      <AnalyzeBar target="dataset" what="each column's nulls, distinct values and lengths" />
      {shown !== undefined && <ColumnProfiles columns={shown.analysis.columns} rows={shown.analysis.rows} />}
    </section>
  )
}

export function DatasetView(): React.JSX.Element | null {
  const dataset = useStore((s) => s.dataset)
  if (dataset.status !== 'ready') return null
  const { summary, rows, isSample, label } = dataset
  const compression = summary.compression === 'none' ? '' : ` · ${summary.compression}`
  return (
    <section className="dataset" aria-label="Dataset">
      {isSample && (
        <div className="notice" role="note">
          This is the bundled sample: 3,000 GSM8K problems (MIT licence). Drop your own files anywhere in the window to open them.
        </div>
      )}
      <div className="dataset-head">
        <h1 className="dataset-title" title={datasetPaths(summary).join('\n')}>
          {label}
        </h1>
        {summary.kind === 'files' ? (
          <ul className="muted small mono dataset-path" aria-label="Opened together">
            {datasetPaths(summary).map((path) => (
              <li key={path}>{path}</li>
            ))}
          </ul>
        ) : (
          label !== summary.path && <div className="muted small mono dataset-path">{summary.path}</div>
        )}
        {summary.format === 'parquet' && summary.kind === 'file' && (
          <div>
            <button type="button" onClick={() => void openParquet(summary.path)}>
              Inspect this Parquet file
            </button>
          </div>
        )}
        <dl className="facts">
          <div>
            <dt>Format</dt>
            <dd data-testid="dataset-format">
              {summary.format.toUpperCase()}
              {compression}
            </dd>
          </div>
          <div>
            <dt>Size</dt>
            <dd>{humanBytes(summary.totalBytes)}</dd>
          </div>
          <div>
            <dt>Rows</dt>
            <dd data-testid="dataset-rows">
              {summary.rowCount.exact ? '' : '≈ '}
              {formatCount(summary.rowCount.value)}
            </dd>
          </div>
          <div>
            <dt>Files</dt>
            <dd>{summary.files.length}</dd>
          </div>
        </dl>
      </div>
      <TextFieldChoice summary={summary} />
      {summary.warnings.length > 0 && (
        <ul className="warnings" aria-label="Warnings">
          {summary.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      <WholeDataset />
      <div className="dataset-body">
        <section className="schema" aria-label="Schema">
          <h2>Schema</h2>
          <table>
            <thead>
              <tr>
                <th>Column</th>
                <th>Type</th>
              </tr>
            </thead>
            <tbody>
              {summary.schema.map((c) => (
                <tr key={c.name}>
                  <td className="mono">
                    <WrappingName text={c.name} />
                  </td>
                  <td className="mono muted schema-type">
                    {c.type}
                    {c.nullable ? '' : ' not null'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="rows" aria-label="First rows">
          <h2>First {formatCount(rows.numRows)} rows</h2>
          <DataTable table={rows} />
        </section>
      </div>
    </section>
  )
}
