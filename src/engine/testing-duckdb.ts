import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'

/** Test-only: DuckDB as the independent reader of every Parquet file Sieve writes. */
let connection: Promise<DuckDBConnection> | undefined

function connect(): Promise<DuckDBConnection> {
  connection ??= DuckDBInstance.create(':memory:').then((db) => db.connect())
  return connection
}

const quote = (path: string): string => `'${path.replace(/'/g, "''")}'`

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

/** Reads every value of every row (by writing them all to /dev/null): DuckDB fails if any page does not decode. */
export async function duckdbReadAll(path: string): Promise<void> {
  const c = await connect()
  await c.run(`COPY (SELECT * FROM read_parquet(${quote(path)})) TO '/dev/null' (FORMAT csv)`)
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
