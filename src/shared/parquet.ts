/** What the Parquet inspector and validator report; shared by the engine, the API and the UI. */
export type FindingCode =
  | 'EMPTY_FILE'
  | 'TRUNCATED'
  | 'MISSING_MAGIC'
  | 'ENCRYPTED'
  | 'FOOTER_CORRUPT'
  | 'SCHEMA_INVALID'
  | 'ABSURD_SIZE'
  | 'PAGE_DECODE_FAILED'
  | 'ROWCOUNT_MISMATCH'
  | 'SIZE_MISMATCH'
  | 'CHECKSUM_MISMATCH'

export interface Finding {
  code: FindingCode
  message: string
  rowGroup?: number
  column?: string
  /** Index of the page within its column chunk, from 0 (the dictionary page included). */
  page?: number
}

export type ValidationLevel = 'quick' | 'full' | 'manifest'

export interface ValidationReport {
  path: string
  valid: boolean
  level: ValidationLevel
  sizeBytes: number
  rows?: number
  rowGroups?: number
  /** Whether the file belongs to a Sieve work directory whose manifest was checked. */
  inManifest?: boolean
  findings: Finding[]
}

export interface SchemaNode {
  name: string
  /** Parquet physical type of a leaf (INT64, BYTE_ARRAY, …); groups have none. */
  physicalType?: string
  /** Logical or converted type: STRING, LIST, MAP, TIMESTAMP(MICROS), DECIMAL(10,2), … */
  logicalType?: string
  repetition: 'REQUIRED' | 'OPTIONAL' | 'REPEATED'
  children: SchemaNode[]
}

export interface ColumnStatistics {
  min?: string
  max?: string
  nullCount?: number
  distinctCount?: number
}

export interface ColumnChunkInfo {
  path: string
  physicalType: string
  codec: string
  encodings: string[]
  numValues: number
  compressedBytes: number
  uncompressedBytes: number
  dataPageOffset: number
  dictionaryPageOffset?: number
  statistics?: ColumnStatistics
}

export interface RowGroupInfo {
  numRows: number
  totalByteSize: number
  compressedBytes: number
  columns: ColumnChunkInfo[]
}

export interface MetadataEntry {
  key: string
  value: string
  /** A readable form of values Sieve understands: the Arrow schema, JSON (Hugging Face `huggingface`). */
  decoded?: { kind: 'arrow-schema'; fields: { name: string; type: string; nullable: boolean }[] } | { kind: 'json'; text: string }
}

/** Everything the inspector shows about a file without decoding its data. */
export interface ParquetInfo {
  path: string
  sizeBytes: number
  numRows: number
  formatVersion: number
  createdBy: string | null
  schema: SchemaNode | null
  /** Top-level column names, in order: the grid's columns. */
  columns: string[]
  rowGroups: RowGroupInfo[]
  metadata: MetadataEntry[]
  /** The quick-level check, done while reading the footer. */
  quick: ValidationReport
}
