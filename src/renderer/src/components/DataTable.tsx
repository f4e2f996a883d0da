import { useMemo, useState } from 'react'
import type { Table } from 'apache-arrow'
import { rowObjects } from '../../../shared/arrow-values'
import { cellText } from '../format'
import { CellDialog } from './CellDialog'

const CLIP = 240

/** The first rows of a dataset; long cells are clipped and open in full when clicked. */
export function DataTable({ table }: { table: Table }): React.JSX.Element {
  const columns = useMemo(() => table.schema.fields.map((f) => f.name), [table])
  const rows = useMemo(() => {
    return table.batches.flatMap((batch) => rowObjects(batch).map((row) => columns.map((name) => cellText(row[name]))))
  }, [table, columns])
  const [expanded, setExpanded] = useState<{ column: string; text: string } | null>(null)

  return (
    <div className="table-wrap">
      <table className="data" aria-label="First rows of the dataset">
        <thead>
          <tr>
            <th className="rownum">#</th>
            {columns.map((c) => (
              <th key={c} className="mono">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, r) => (
            <tr key={r}>
              <td className="rownum muted">{r + 1}</td>
              {cells.map((text, c) => (
                <td
                  key={c}
                  title={text.length > CLIP ? 'Click to read in full' : undefined}
                  onClick={() => text.length > CLIP && setExpanded({ column: columns[c]!, text })}
                >
                  {text.length > CLIP ? `${text.slice(0, CLIP)}…` : text}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {expanded !== null && <CellDialog title={expanded.column} text={expanded.text} onClose={() => setExpanded(null)} />}
    </div>
  )
}
