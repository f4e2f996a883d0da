import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { tableToIPC } from 'apache-arrow'
import type { ColumnInfo, DatasetFile, InspectResult } from '../shared/dataset'
import { SieveError } from '../shared/errors'
import { detectFormat, formatFromName } from './io/detect'
import { fileError } from './io/fs-errors'
import { readHead } from './io/head'

export const DEFAULT_HEAD_ROWS = 100
export const MAX_HEAD_ROWS = 10_000
const MAX_FOLDER_FILES = 100_000

/** Files inside a folder that are bookkeeping, not data. */
function isIgnorable(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_') || name.endsWith('.crc')
}

/** Dataset files under a folder, in a stable (sorted) order, found by their names. */
export async function listDatasetFiles(folder: string): Promise<{ files: string[]; skipped: string[] }> {
  const files: string[] = []
  const skipped: string[] = []
  const walk = async (dir: string): Promise<void> => {
    let entries
    try {
      entries = await readdir(dir, { withFileTypes: true })
    } catch (err) {
      throw fileError(err, dir)
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      if (isIgnorable(entry.name)) continue
      const full = join(dir, entry.name)
      if (entry.isDirectory()) await walk(full)
      else if (entry.isFile()) {
        if (formatFromName(full).format !== undefined) files.push(full)
        else skipped.push(full)
      }
      if (files.length > MAX_FOLDER_FILES) {
        throw new SieveError('BAD_REQUEST', `${folder} holds more than ${MAX_FOLDER_FILES} files; choose a smaller folder.`, {
          path: folder
        })
      }
    }
  }
  await walk(folder)
  return { files, skipped }
}

function columnsOf(schema: { fields: { name: string; type: { toString(): string }; nullable: boolean }[] }): ColumnInfo[] {
  return schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable }))
}

/** Reads what a person needs to recognise a dataset: format, schema, size, row count, first rows. */
export async function inspectDataset(path: string, rows = DEFAULT_HEAD_ROWS): Promise<InspectResult> {
  const headRows = Math.max(1, Math.min(MAX_HEAD_ROWS, Math.floor(rows)))
  let info
  try {
    info = await stat(path)
  } catch (err) {
    throw fileError(err, path)
  }
  const warnings: string[] = []
  let first: string
  let others: { path: string; sizeBytes: number }[] = []
  if (info.isDirectory()) {
    const { files, skipped } = await listDatasetFiles(path)
    if (files.length === 0) {
      throw new SieveError(
        'EMPTY_FOLDER',
        `${path} holds no dataset files (.jsonl, .json, .csv, .tsv, .parquet, .arrow, optionally .gz or .zst).`,
        { path, skipped: skipped.length }
      )
    }
    if (skipped.length > 0) warnings.push(`${skipped.length} file(s) in the folder are not datasets and were left out.`)
    first = files[0]!
    others = await Promise.all(files.slice(1).map(async (f) => ({ path: f, sizeBytes: (await stat(f)).size })))
  } else if (info.isFile()) {
    first = path
  } else {
    throw new SieveError('UNREADABLE', `${path} is neither a file nor a folder.`, { path })
  }

  const detection = await detectFormat(first)
  if (detection.extensionMismatch !== undefined) warnings.push(detection.extensionMismatch)
  const head = await readHead(first, detection.format, detection.compression, detection.sizeBytes, headRows)
  warnings.push(...head.warnings)

  const files: DatasetFile[] = [
    { path: first, format: detection.format, compression: detection.compression, sizeBytes: detection.sizeBytes },
    ...others.map((o) => {
      const named = formatFromName(o.path)
      return { path: o.path, format: named.format ?? detection.format, compression: named.compression, sizeBytes: o.sizeBytes }
    })
  ]
  const mixed = files.some((f) => f.format !== detection.format)
  if (mixed) warnings.push('The folder mixes formats; they can be processed together only if their schemas agree.')
  const totalBytes = files.reduce((n, f) => n + f.sizeBytes, 0)
  // Other files' rows are estimated from the first file's bytes per row.
  const rowCount =
    files.length === 1
      ? head.rowCount
      : {
          value: Math.round(head.rowCount.value * (totalBytes / Math.max(1, detection.sizeBytes))),
          exact: false
        }

  const result: InspectResult = {
    path,
    kind: info.isDirectory() ? 'folder' : 'file',
    files,
    totalBytes,
    format: detection.format,
    compression: detection.compression,
    schema: columnsOf(head.table.schema),
    rowCount,
    head: tableToIPC(head.table, 'stream'),
    headRows: head.table.numRows,
    warnings
  }
  if (head.parquet !== undefined) result.parquet = head.parquet
  return result
}
