import { tableFromIPC } from 'apache-arrow'
import { openParquet } from '../io/parquet-read'
import type { Finding } from './validate'

/**
 * Full-level check of one row group, in a worker: decode it whole; if that fails, decode its
 * columns one by one to name the broken one. Row counts must match the footer.
 */
export async function decodeRowGroup(path: string, rowGroup: number): Promise<Finding[]> {
  const file = await openParquet(path)
  try {
    const expected = file.metadata().rowGroup(rowGroup).numRows()
    try {
      const decoded = tableFromIPC((await file.read({ rowGroups: [rowGroup] })).intoIPCStream()).numRows
      return decoded === expected
        ? []
        : [{ code: 'ROWCOUNT_MISMATCH', rowGroup, message: `Row group ${rowGroup} decodes to ${decoded} rows; its footer says ${expected}.` }]
    } catch (whole) {
      const findings: Finding[] = []
      const columns = tableFromIPC(file.schema().intoIPCStream()).schema.fields.map((f) => f.name)
      for (const column of columns) {
        try {
          await file.read({ rowGroups: [rowGroup], columns: [column] })
        } catch (err) {
          findings.push({
            code: 'PAGE_DECODE_FAILED',
            rowGroup,
            column,
            message: `Column ${column} of row group ${rowGroup} does not decode: ${(err as Error).message}`
          })
        }
      }
      return findings.length > 0
        ? findings
        : [{ code: 'PAGE_DECODE_FAILED', rowGroup, message: `Row group ${rowGroup} does not decode: ${(whole as Error).message}` }]
    }
  } finally {
    file.free()
  }
}
