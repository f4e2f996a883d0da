import { tableFromIPC } from 'apache-arrow'
import type { InspectResult } from '../../shared/dataset'
import { jsonValue as plain, rowObjects, jsonText } from '../../engine'
import { humanBytes } from '../../shared/format'

export { humanBytes }

export function headRows(result: InspectResult): Record<string, unknown>[] {
  return tableFromIPC(result.head).batches.flatMap((batch) => rowObjects(batch).map((row) => plain(row) as Record<string, unknown>))
}

/** `sieve inspect --json`: the inspection with the first rows as JSON objects instead of Arrow bytes. */
export function inspectJson(result: InspectResult): Record<string, unknown> {
  const { head: _head, ...rest } = result
  return { ...rest, rows: headRows(result) }
}

function clip(text: string, width: number): string {
  // Only ASCII white space folds: a value's U+FEFF or no-break space is part of it.
  const flat = text.replace(/[\t\n\v\f\r ]+/g, ' ')
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat
}

export function formatInspect(result: InspectResult): string {
  const lines: string[] = []
  const compression = result.compression === 'none' ? '' : ` (${result.compression})`
  lines.push(`${result.path}`)
  lines.push(`  format     ${result.format.toUpperCase()}${compression}`)
  if (result.kind === 'folder') lines.push(`  files      ${result.files.length}`)
  lines.push(`  size       ${humanBytes(result.totalBytes)}`)
  lines.push(`  rows       ${result.rowCount.exact ? '' : '~'}${result.rowCount.value.toLocaleString('en-US')}`)
  lines.push('', 'Schema')
  const nameWidth = Math.max(...result.schema.map((c) => c.name.length), 4)
  for (const c of result.schema) lines.push(`  ${c.name.padEnd(nameWidth)}  ${c.type}${c.nullable ? '' : ' not null'}`)
  if (result.parquet !== undefined) {
    const pq = result.parquet
    lines.push('', `Parquet  version ${pq.formatVersion}${pq.createdBy !== null ? `, created by ${pq.createdBy}` : ''}`)
    lines.push(`  row groups ${pq.rowGroups.length}`)
    pq.rowGroups.slice(0, 20).forEach((rg, i) => {
      const codecs = [...new Set(rg.columns.map((c) => c.codec))].join(', ')
      lines.push(
        `  #${i}  ${rg.rows.toLocaleString('en-US')} rows  ${humanBytes(rg.compressedBytes)} compressed  ${humanBytes(rg.uncompressedBytes)} uncompressed  ${codecs}`
      )
    })
    if (pq.rowGroups.length > 20) lines.push(`  … ${pq.rowGroups.length - 20} more`)
    const keys = Object.keys(pq.keyValueMetadata)
    if (keys.length > 0) {
      lines.push('', 'Key-value metadata')
      for (const k of keys) lines.push(`  ${k}  ${clip(pq.keyValueMetadata[k]!, 100)}`)
    }
  }
  if (result.warnings.length > 0) {
    lines.push('', 'Warnings')
    for (const w of result.warnings) lines.push(`  ${w}`)
  }
  lines.push('', `First ${result.headRows} row(s)`)
  // As JSON text with every number exact (a 19-digit id as its digits, not a quoted string).
  for (const row of tableFromIPC(result.head).batches.flatMap((b) => rowObjects(b))) lines.push(`  ${clip(jsonText(row), 160)}`)
  return `${lines.join('\n')}\n`
}
