/** `text`: a text document (.txt, .md, source code), read whole as one row, as Data-Juicer's TextFormatter does. */
export type DatasetFormat = 'jsonl' | 'json' | 'csv' | 'tsv' | 'parquet' | 'arrow' | 'text'
export type Compression = 'none' | 'gzip' | 'zstd'

export interface ColumnInfo {
  name: string
  /** Arrow type as Arrow prints it, e.g. `Utf8`, `Int64`, `List<Utf8>`. */
  type: string
  nullable: boolean
}

export interface DatasetFile {
  path: string
  format: DatasetFormat
  compression: Compression
  sizeBytes: number
}

export interface ParquetColumnChunk {
  path: string
  codec: string
  encodings: string[]
  compressedBytes: number
  uncompressedBytes: number
}

export interface ParquetRowGroup {
  rows: number
  compressedBytes: number
  uncompressedBytes: number
  columns: ParquetColumnChunk[]
}

export interface ParquetDetails {
  createdBy: string | null
  formatVersion: number
  rowGroups: ParquetRowGroup[]
  keyValueMetadata: Record<string, string>
}

export interface InspectResult {
  /** The path that was inspected: a file or a folder; the first of them when several were. */
  path: string
  /** Several paths opened together as one dataset, as a recipe's `dataset_path` list. */
  paths?: string[]
  kind: 'file' | 'folder' | 'files'
  /** Every dataset file found (one for a file). The schema and rows below come from the first. */
  files: DatasetFile[]
  totalBytes: number
  format: DatasetFormat
  compression: Compression
  schema: ColumnInfo[]
  rowCount: { value: number; exact: boolean }
  /** The first rows as an Arrow IPC stream. */
  head: Uint8Array
  headRows: number
  /** Things the user should know that did not stop the inspection (bad lines, a misleading extension). */
  warnings: string[]
  parquet?: ParquetDetails
}

export interface DirectoryEntry {
  name: string
  path: string
  kind: 'file' | 'directory'
  sizeBytes: number
  modifiedMs: number
}

export interface DirectoryListing {
  path: string
  parent: string | null
  entries: DirectoryEntry[]
  /** How many folders and files the folder holds when `entries` shows only the first of them (in sorted order). */
  totalEntries?: number
}
