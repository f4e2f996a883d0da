import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { tableToIPC } from 'apache-arrow'
import type { ColumnInfo, DatasetFile, InspectResult } from '../shared/dataset'
import { SieveError } from '../shared/errors'
import { detectFormat, formatFromName } from './io/detect'
import { fileError } from './io/fs-errors'
import { readDocumentsHead, readHead } from './io/head'
import { documentSuffix } from '../shared/text-documents'
import { expandGlob, isGlob } from './job/glob'

export const DEFAULT_HEAD_ROWS = 100
export const MAX_HEAD_ROWS = 10_000
const MAX_FOLDER_FILES = 100_000

/** Files inside a folder that are bookkeeping, not data: `_SUCCESS`, `_metadata`, `__pycache__/`, but not `__init__.py`. */
function isIgnorable(name: string, isFile: boolean): boolean {
  if (isFile && name.startsWith('_') && documentSuffix(name) !== undefined) return false
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
      if (isIgnorable(entry.name, entry.isFile())) continue
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

/**
 * The dataset files that paths name — files, folders (their dataset files), globs — each once, in a
 * stable order, with the count of folder files that are not datasets. A recipe's dataset_path and
 * the files dropped on the window are read the same way.
 */
export async function expandDatasetPaths(paths: readonly string[]): Promise<{ files: string[]; skipped: number }> {
  const found: string[] = []
  let skipped = 0
  for (const path of paths) {
    if (isGlob(path)) {
      const matched = await expandGlob(path)
      if (matched.length === 0) throw new SieveError('NOT_FOUND', `dataset_path '${path}' matches no files.`, { path })
      found.push(...matched)
      continue
    }
    let info
    try {
      info = await stat(path)
    } catch (err) {
      throw fileError(err, path)
    }
    if (info.isDirectory()) {
      const listed = await listDatasetFiles(path)
      if (listed.files.length === 0) {
        throw new SieveError(
          'EMPTY_FOLDER',
          `${path} holds no dataset files (.jsonl, .json, .csv, .tsv, .parquet, .arrow, optionally .gz or .zst) and no text documents (.txt, .md, source code).`,
          { path, skipped: listed.skipped.length }
        )
      }
      found.push(...listed.files)
      skipped += listed.skipped.length
    } else if (info.isFile()) {
      found.push(path)
    } else {
      throw new SieveError('UNREADABLE', `${path} is neither a file nor a folder.`, { path })
    }
  }
  return { files: [...new Set(found)], skipped }
}

/**
 * The rows of several files: a text document is one; the other files' rows are estimated from the
 * bytes per row of the first of them (`firstRows` when it is the file already read).
 */
async function countRows(files: DatasetFile[], firstRows: number | undefined): Promise<{ value: number; exact: boolean }> {
  const records = files.filter((f) => f.format !== 'text')
  const documents = files.length - records.length
  const sample = records[0]
  if (sample === undefined) return { value: documents, exact: true }
  const sampleRows =
    firstRows ??
    (await readHead(sample.path, (await detectFormat(sample.path)).format, sample.compression, sample.sizeBytes, DEFAULT_HEAD_ROWS)).rowCount.value
  const recordBytes = records.reduce((n, f) => n + f.sizeBytes, 0)
  return { value: documents + Math.round(sampleRows * (recordBytes / Math.max(1, sample.sizeBytes))), exact: false }
}

/**
 * Reads what a person needs to recognise a dataset: format, schema, size, row count, first rows.
 * Several paths (files dropped together) are one dataset, as a recipe's `dataset_path` list is.
 */
export async function inspectDataset(input: string | readonly string[], rows = DEFAULT_HEAD_ROWS): Promise<InspectResult> {
  const paths = typeof input === 'string' ? [input] : input
  if (paths.length === 0) throw new SieveError('BAD_REQUEST', 'Nothing to open: no path was given.')
  const headRows = Math.max(1, Math.min(MAX_HEAD_ROWS, Math.floor(rows)))
  const warnings: string[] = []
  const { files: found, skipped } = await expandDatasetPaths(paths)
  const kind: InspectResult['kind'] = paths.length > 1 || isGlob(paths[0]!) ? 'files' : (await stat(paths[0]!)).isDirectory() ? 'folder' : 'file'
  const [first, ...otherPaths] = found as [string, ...string[]]
  if (skipped > 0) warnings.push(`${skipped} file(s) in the folder are not datasets and were left out.`)
  const others = await Promise.all(otherPaths.map(async (f) => ({ path: f, sizeBytes: (await stat(f)).size })))

  const detection = await detectFormat(first)
  if (detection.extensionMismatch !== undefined) warnings.push(detection.extensionMismatch)
  // A folder of text documents shows its first documents, a row each, and counts them exactly.
  const documents = detection.format === 'text' ? found.filter((f) => formatFromName(f).format === 'text') : []
  const head =
    detection.format === 'text'
      ? await readDocumentsHead(documents.slice(0, headRows))
      : await readHead(first, detection.format, detection.compression, detection.sizeBytes, headRows)
  warnings.push(...head.warnings)

  const files: DatasetFile[] = [
    { path: first, format: detection.format, compression: detection.compression, sizeBytes: detection.sizeBytes },
    ...others.map((o) => {
      const named = formatFromName(o.path)
      return { path: o.path, format: named.format ?? detection.format, compression: named.compression, sizeBytes: o.sizeBytes }
    })
  ]
  const mixed = files.some((f) => f.format !== detection.format)
  if (mixed)
    warnings.push(`The ${kind === 'folder' ? 'folder mixes' : 'files mix'} formats; they can be processed together only if their schemas agree.`)
  const totalBytes = files.reduce((n, f) => n + f.sizeBytes, 0)
  const rowCount = files.length === 1 ? head.rowCount : await countRows(files, detection.format === 'text' ? undefined : head.rowCount.value)

  const result: InspectResult = {
    path: paths[0]!,
    ...(kind === 'files' ? { paths: [...paths] } : {}),
    kind,
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
