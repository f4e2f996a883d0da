import { tableFromIPC } from 'apache-arrow'
import type { MetadataEntry, ParquetInfo } from '../../shared/parquet'
import { quickCheck } from './validate'

/**
 * ARROW:schema holds an IPC schema message (base64); followed by an end-of-stream marker it is a
 * stream Arrow can read, giving back the Arrow types the writer meant.
 */
function decodeArrowSchema(value: string): MetadataEntry['decoded'] {
  try {
    const message = Buffer.from(value, 'base64')
    const table = tableFromIPC(Buffer.concat([message, Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])]))
    return { kind: 'arrow-schema', fields: table.schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable })) }
  } catch {
    return undefined
  }
}

function decodeJson(value: string): MetadataEntry['decoded'] {
  const trimmed = value.trim()
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined
  try {
    return { kind: 'json', text: JSON.stringify(JSON.parse(trimmed), null, 2) }
  } catch {
    return undefined
  }
}

/** What the inspector shows of a Parquet file: footer, schema, row groups, metadata, the quick check. No data is decoded. */
export async function inspectParquetFile(path: string): Promise<ParquetInfo> {
  const quick = await quickCheck(path)
  const footer = quick.footer
  const report = {
    path,
    valid: quick.findings.length === 0,
    level: 'quick' as const,
    sizeBytes: quick.sizeBytes,
    findings: quick.findings,
    ...(footer !== undefined ? { rows: footer.numRows, rowGroups: footer.rowGroups.length } : {})
  }
  return {
    path,
    sizeBytes: quick.sizeBytes,
    numRows: footer?.numRows ?? 0,
    formatVersion: footer?.version ?? 0,
    createdBy: footer?.createdBy ?? null,
    schema: footer?.schema ?? null,
    columns: footer?.schema.children.map((c) => c.name) ?? [],
    rowGroups: footer?.rowGroups ?? [],
    metadata: Object.entries(footer?.keyValueMetadata ?? {}).map(([key, value]) => {
      const decoded = key === 'ARROW:schema' ? decodeArrowSchema(value) : decodeJson(value)
      return decoded === undefined ? { key, value } : { key, value, decoded }
    }),
    quick: report
  }
}
