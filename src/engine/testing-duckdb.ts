import { open } from 'node:fs/promises'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { CompactReader } from './parquet/thrift'

/** Test-only: DuckDB as the independent reader of every Parquet file Sieve writes. */
let connection: Promise<DuckDBConnection> | undefined

function connect(): Promise<DuckDBConnection> {
  connection ??= DuckDBInstance.create(':memory:').then((db) => db.connect())
  return connection
}

const quote = (path: string): string => `'${path.replace(/'/g, "''")}'`

/** The row count of the footer: DuckDB answers it without decoding a single page (see duckdbReadAll). */
export async function duckdbRowCount(path: string): Promise<number> {
  const c = await connect()
  const reader = await c.runAndReadAll(`SELECT count(*) FROM read_parquet(${quote(path)})`)
  return Number(reader.getRows()[0]![0])
}

/** Every value of one column, in file order. */
export async function duckdbColumn(path: string, column: string): Promise<unknown[]> {
  const c = await connect()
  const reader = await c.runAndReadAll(
    `SELECT "${column.replace(/"/g, '""')}" FROM read_parquet(${quote(path)}, file_row_number = true) ORDER BY file_row_number`
  )
  return reader.getRows().map((r) => r[0])
}

export interface FullRead {
  /** Rows counted by the scan, not taken from the footer. */
  rows: number
  /** Per column (by name), an order-independent hash of all its values: equal files give equal hashes. */
  hashes: Record<string, string>
}

/**
 * Decodes every value of every column (a hash of each value, folded per column), so DuckDB fails if
 * any data page does not decode; count(*) alone is answered from the footer and reads no page.
 */
export async function duckdbReadAll(path: string): Promise<FullRead> {
  const c = await connect()
  const reader = await c.runAndReadAll(`SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM read_parquet(${quote(path)})`)
  const [count, ...folded] = reader.getRows()[0]!
  const names = reader.columnNames().slice(1)
  return { rows: Number(count), hashes: Object.fromEntries(names.map((n, i) => [n, String(folded[i])])) }
}

/** The codec of every column chunk, as DuckDB reads it from the footer (upper case: SNAPPY, ZSTD, UNCOMPRESSED…). */
export async function duckdbCodecs(path: string): Promise<string[]> {
  const c = await connect()
  const reader = await c.runAndReadAll(`SELECT compression FROM parquet_metadata(${quote(path)})`)
  return reader.getRows().map((r) => String(r[0]))
}

/**
 * Test-only damage: overwrites `bytes` bytes (0xFF, never valid UTF-8) in the middle of every data
 * page of a Parquet file, leaving page headers, dictionaries and the footer intact. Returns the number
 * of data pages damaged.
 */
export async function corruptDataPages(path: string, bytes = 64): Promise<number> {
  const c = await connect()
  const chunks = await c.runAndReadAll(
    `SELECT coalesce(dictionary_page_offset, data_page_offset), total_compressed_size FROM parquet_metadata(${quote(path)})`
  )
  const file = await open(path, 'r+')
  let damaged = 0
  try {
    for (const [start, size] of chunks.getRows().map((r) => r.map(Number))) {
      const chunk = Buffer.alloc(size!)
      await file.read(chunk, 0, size!, start!)
      for (let pos = 0; pos < size!;) {
        const reader = new CompactReader(chunk.subarray(pos))
        const header = reader.struct()
        const pageType = header.get(1) as number
        const pageSize = header.get(3) as number
        const body = pos + reader.position
        // Page types 0 and 3 are data pages (v1, v2); 2 is a dictionary page.
        if (pageType === 0 || pageType === 3) {
          const n = Math.min(bytes, pageSize)
          await file.write(Buffer.alloc(n, 0xff), 0, n, start! + body + Math.floor((pageSize - n) / 2))
          damaged++
        }
        pos = body + pageSize
      }
    }
  } finally {
    await file.close()
  }
  return damaged
}

/**
 * Every value of a text column, exactly (null stays null): read as bytes, since the DuckDB client's
 * own string conversion drops a leading U+FEFF.
 */
export async function duckdbStrings(path: string, column: string): Promise<(string | null)[]> {
  const c = await connect()
  const reader = await c.runAndReadAll(
    `SELECT encode("${column.replace(/"/g, '""')}") FROM read_parquet(${quote(path)}, file_row_number = true) ORDER BY file_row_number`
  )
  return reader.getRows().map((r) => (r[0] === null ? null : Buffer.from((r[0] as { bytes: Uint8Array }).bytes).toString('utf8')))
}
