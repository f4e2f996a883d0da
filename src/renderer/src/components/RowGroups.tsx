import { Fragment, useState } from 'react'
import type { RowGroupInfo } from '../../../shared/parquet'
import { formatCount, humanBytes } from '../format'

/** Row groups with their sizes; each opens to its column chunks: codec, encodings, sizes, statistics. */
export function RowGroups({ groups }: { groups: RowGroupInfo[] }): React.JSX.Element {
  const [open, setOpen] = useState<number | null>(groups.length === 1 ? 0 : null)
  return (
    <div className="table-wrap">
      <table className="data row-groups" aria-label="Row groups">
        <thead>
          <tr>
            <th>#</th>
            <th>Rows</th>
            <th>Compressed</th>
            <th>Uncompressed</th>
            <th>Codecs</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g, i) => (
            <Fragment key={i}>
              <tr className="clickable" onClick={() => setOpen(open === i ? null : i)} aria-expanded={open === i}>
                <td className="rownum">{i}</td>
                <td>{formatCount(g.numRows)}</td>
                <td>{humanBytes(g.columns.reduce((n, c) => n + c.compressedBytes, 0))}</td>
                <td>{humanBytes(g.columns.reduce((n, c) => n + c.uncompressedBytes, 0))}</td>
                <td className="mono small">{[...new Set(g.columns.map((c) => c.codec))].join(', ')}</td>
              </tr>
              {open === i && (
                <tr>
                  <td colSpan={5}>
                    <table className="columns" aria-label={`Columns of row group ${i}`}>
                      <thead>
                        <tr>
                          <th>Column</th>
                          <th>Type</th>
                          <th>Codec</th>
                          <th>Encodings</th>
                          <th>Values</th>
                          <th>Compressed</th>
                          <th>Uncompressed</th>
                          <th>Min</th>
                          <th>Max</th>
                          <th>Nulls</th>
                        </tr>
                      </thead>
                      <tbody>
                        {g.columns.map((c) => (
                          <tr key={c.path}>
                            <td className="mono">{c.path}</td>
                            <td className="mono small">{c.physicalType}</td>
                            <td className="mono small">{c.codec}</td>
                            <td className="mono small">{c.encodings.join(', ')}</td>
                            <td>{formatCount(c.numValues)}</td>
                            <td>{humanBytes(c.compressedBytes)}</td>
                            <td>{humanBytes(c.uncompressedBytes)}</td>
                            <td className="clip" title={c.statistics?.min}>
                              {c.statistics?.min ?? ''}
                            </td>
                            <td className="clip" title={c.statistics?.max}>
                              {c.statistics?.max ?? ''}
                            </td>
                            <td>{c.statistics?.nullCount !== undefined ? formatCount(c.statistics.nullCount) : ''}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  )
}
