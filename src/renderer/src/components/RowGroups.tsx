import { Fragment, useState } from 'react'
import type { RowGroupInfo } from '../../../shared/parquet'
import { formatCount, humanBytes } from '../format'
import { WrappingName } from './WrappingName'

/**
 * Row groups with their sizes; each opens to its column chunks: codec, encodings, sizes, statistics. The
 * table fits the view's width, so every column of a chunk's table is in sight.
 */
export function RowGroups({ groups }: { groups: RowGroupInfo[] }): React.JSX.Element {
  const [open, setOpen] = useState<number | null>(groups.length === 1 ? 0 : null)
  return (
    <div className="table-wrap">
      <table className="data row-groups" aria-label="Row groups">
        <thead>
          <tr>
            <th className="num group-number">#</th>
            <th className="num">Rows</th>
            <th className="num">Compressed</th>
            <th className="num">Uncompressed</th>
            <th>Codecs</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g, i) => (
            <Fragment key={i}>
              <tr className="clickable" onClick={() => setOpen(open === i ? null : i)} aria-expanded={open === i}>
                <td className="rownum">{i}</td>
                <td className="num">{formatCount(g.numRows)}</td>
                <td className="num">{humanBytes(g.columns.reduce((n, c) => n + c.compressedBytes, 0))}</td>
                <td className="num">{humanBytes(g.columns.reduce((n, c) => n + c.uncompressedBytes, 0))}</td>
                <td className="mono small">{[...new Set(g.columns.map((c) => c.codec))].join(', ')}</td>
              </tr>
              {open === i && (
                <tr>
                  <td colSpan={5} className="group-columns">
                    <table className="columns" aria-label={`Columns of row group ${i}`}>
                      <thead>
                        <tr>
                          <th>Column</th>
                          <th>Type</th>
                          <th>Codec</th>
                          <th>Encodings</th>
                          <th className="num">Values</th>
                          <th className="num">Compressed</th>
                          <th className="num">Uncompressed</th>
                          <th>Min</th>
                          <th>Max</th>
                          <th className="num">Nulls</th>
                        </tr>
                      </thead>
                      <tbody>
                        {g.columns.map((c) => (
                          <tr key={c.path}>
                            <td className="mono column-path">
                              <WrappingName text={c.path} />
                            </td>
                            <td className="mono small">{c.physicalType}</td>
                            <td className="mono small">{c.codec}</td>
                            <td className="mono small encodings">{c.encodings.join(', ')}</td>
                            <td className="num">{formatCount(c.numValues)}</td>
                            <td className="num">{humanBytes(c.compressedBytes)}</td>
                            <td className="num">{humanBytes(c.uncompressedBytes)}</td>
                            <td className="clip" title={c.statistics?.min}>
                              {c.statistics?.min ?? ''}
                            </td>
                            <td className="clip" title={c.statistics?.max}>
                              {c.statistics?.max ?? ''}
                            </td>
                            <td className="num">{c.statistics?.nullCount !== undefined ? formatCount(c.statistics.nullCount) : ''}</td>
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
