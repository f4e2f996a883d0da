import { openAsBlob } from 'node:fs'
import { tableFromIPC, type Table } from 'apache-arrow'
import { Compression, Encoding, ParquetFile } from 'parquet-wasm/node'
import type { ParquetDetails } from '../../shared/dataset'
import { SieveError } from '../../shared/errors'
import { fileError } from './fs-errors'

/**
 * Opens a Parquet file lazily: only the footer is read here, and only the row groups a read asks
 * for later. parquet-wasm can abort the whole thread on a corrupt file, so callers that face
 * untrusted files run this inside an engine worker.
 */
export async function openParquet(path: string): Promise<ParquetFile> {
  let blob: Blob
  try {
    blob = await openAsBlob(path)
  } catch (err) {
    throw fileError(err, path)
  }
  try {
    return await ParquetFile.fromFile(blob)
  } catch (err) {
    throw new SieveError('UNREADABLE', `${path} is not a readable Parquet file: ${describe(err)}.`, { path })
  }
}

export function parquetDetails(file: ParquetFile): ParquetDetails {
  const meta = file.metadata()
  const fileMeta = meta.fileMetadata()
  const keyValueMetadata: Record<string, string> = {}
  for (const [k, v] of fileMeta.keyValueMetadata()) keyValueMetadata[String(k)] = String(v)
  return {
    createdBy: fileMeta.createdBy() ?? null,
    formatVersion: fileMeta.version(),
    keyValueMetadata,
    rowGroups: meta.rowGroups().map((rg) => ({
      rows: rg.numRows(),
      compressedBytes: rg.compressedSize(),
      uncompressedBytes: rg.totalByteSize(),
      columns: rg.columns().map((c) => ({
        path: c.columnPath().join('.'),
        codec: Compression[c.compression()] ?? `codec ${c.compression()}`,
        encodings: c.encodings().map((e) => Encoding[e] ?? `encoding ${e}`),
        compressedBytes: c.compressedSize(),
        uncompressedBytes: c.uncompressedSize()
      }))
    }))
  }
}

export async function readParquetHead(path: string, rows: number): Promise<{ table: Table; totalRows: number; details: ParquetDetails }> {
  const file = await openParquet(path)
  try {
    const details = parquetDetails(file)
    const totalRows = details.rowGroups.reduce((n, rg) => n + rg.rows, 0)
    let wasmTable
    try {
      wasmTable = await file.read({ limit: rows, batchSize: Math.max(1, Math.min(rows, 1024)) })
    } catch (err) {
      throw new SieveError('UNREADABLE', `${path}: the first rows do not decode: ${describe(err)}.`, { path })
    }
    const table = tableFromIPC(wasmTable.intoIPCStream())
    return { table, totalRows, details }
  } finally {
    file.free()
  }
}

function describe(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  return text.replace(/\s+/g, ' ').trim()
}
