import { CompactReader, ThriftError, type ThriftStruct, type ThriftValue } from './thrift'
import type { ColumnChunkInfo, ColumnStatistics, RowGroupInfo, SchemaNode } from '../../shared/parquet'

/** A Parquet footer (FileMetaData), decoded by Sieve itself so a broken one can be described, not just refused. */
export interface ParquetFooter {
  version: number
  numRows: number
  createdBy: string | null
  schema: SchemaNode
  leafCount: number
  rowGroups: RowGroupInfo[]
  keyValueMetadata: Record<string, string>
  encrypted: boolean
  footerBytes: number
}

const PHYSICAL = ['BOOLEAN', 'INT32', 'INT64', 'INT96', 'FLOAT', 'DOUBLE', 'BYTE_ARRAY', 'FIXED_LEN_BYTE_ARRAY']
const REPETITION = ['REQUIRED', 'OPTIONAL', 'REPEATED'] as const
const CODECS = ['UNCOMPRESSED', 'SNAPPY', 'GZIP', 'LZO', 'BROTLI', 'LZ4', 'ZSTD', 'LZ4_RAW']
const ENCODINGS = [
  'PLAIN',
  'GROUP_VAR_INT',
  'PLAIN_DICTIONARY',
  'RLE',
  'BIT_PACKED',
  'DELTA_BINARY_PACKED',
  'DELTA_LENGTH_BYTE_ARRAY',
  'DELTA_BYTE_ARRAY',
  'RLE_DICTIONARY',
  'BYTE_STREAM_SPLIT'
]
const CONVERTED = [
  'UTF8',
  'MAP',
  'MAP_KEY_VALUE',
  'LIST',
  'ENUM',
  'DECIMAL',
  'DATE',
  'TIME_MILLIS',
  'TIME_MICROS',
  'TIMESTAMP_MILLIS',
  'TIMESTAMP_MICROS',
  'UINT_8',
  'UINT_16',
  'UINT_32',
  'UINT_64',
  'INT_8',
  'INT_16',
  'INT_32',
  'INT_64',
  'JSON',
  'BSON',
  'INTERVAL'
]
const LOGICAL: Record<number, string> = {
  1: 'STRING',
  2: 'MAP',
  3: 'LIST',
  4: 'ENUM',
  5: 'DECIMAL',
  6: 'DATE',
  7: 'TIME',
  8: 'TIMESTAMP',
  10: 'INTEGER',
  11: 'NULL',
  12: 'JSON',
  13: 'BSON',
  14: 'UUID',
  15: 'FLOAT16',
  16: 'VARIANT',
  17: 'GEOMETRY',
  18: 'GEOGRAPHY'
}

// ignoreBOM: a name or statistic that starts with U+FEFF keeps it.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function num(v: ThriftValue | undefined): number | undefined {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  return undefined
}

function str(v: ThriftValue | undefined): string | undefined {
  if (!(v instanceof Uint8Array)) return undefined
  try {
    return decoder.decode(v)
  } catch {
    return undefined
  }
}

function struct(v: ThriftValue | undefined): ThriftStruct | undefined {
  return v instanceof Map ? v : undefined
}

function list(v: ThriftValue | undefined): ThriftValue[] {
  return Array.isArray(v) ? v : []
}

function named(table: readonly string[], v: ThriftValue | undefined): string {
  const n = num(v)
  return n !== undefined && table[n] !== undefined ? table[n]! : `#${String(n)}`
}

function logicalName(element: ThriftStruct): string | undefined {
  const logical = struct(element.get(10))
  if (logical !== undefined) {
    const [[id, body]] = [...logical] as [number, ThriftValue][]
    const name = LOGICAL[id] ?? `LOGICAL#${id}`
    const b = struct(body)
    if (name === 'DECIMAL' && b !== undefined) return `DECIMAL(${num(b.get(2))},${num(b.get(1))})`
    if ((name === 'TIMESTAMP' || name === 'TIME') && b !== undefined) {
      const unit = struct(b.get(2))
      const unitName = unit?.has(1) ? 'MILLIS' : unit?.has(2) ? 'MICROS' : unit?.has(3) ? 'NANOS' : '?'
      return `${name}(${unitName}${b.get(1) === true ? ', UTC' : ''})`
    }
    if (name === 'INTEGER' && b !== undefined) return `${b.get(2) === false ? 'UINT' : 'INT'}${num(b.get(1))}`
    return name
  }
  const converted = element.get(6)
  return converted === undefined ? undefined : named(CONVERTED, converted)
}

/** Rebuilds the schema tree from the footer's flat, depth-first list of elements. */
function schemaTree(elements: ThriftStruct[]): { root: SchemaNode; leaves: SchemaNode[] } {
  let index = 0
  const leaves: SchemaNode[] = []
  const build = (depth: number): SchemaNode => {
    if (depth > 100) throw new ThriftError('the schema is nested more than 100 levels deep')
    const element = elements[index++]
    if (element === undefined) throw new ThriftError('the schema has fewer elements than its groups declare children')
    const children = num(element.get(5)) ?? 0
    const node: SchemaNode = {
      name: str(element.get(4)) ?? '?',
      repetition: REPETITION[num(element.get(3)) ?? 0] ?? 'REQUIRED',
      children: []
    }
    const logical = logicalName(element)
    if (logical !== undefined) node.logicalType = logical
    if (children > 0) {
      for (let i = 0; i < children; i++) node.children.push(build(depth + 1))
    } else {
      node.physicalType = named(PHYSICAL, element.get(1))
      leaves.push(node)
    }
    return node
  }
  const root = build(0)
  if (index !== elements.length) throw new ThriftError(`the schema lists ${elements.length} elements but its tree uses ${index}`)
  return { root, leaves }
}

/** A statistic's bytes shown as a person reads them, by the column's physical and logical type. */
export function statValue(bytes: Uint8Array, physical: string, logical?: string): string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  try {
    switch (physical) {
      case 'BOOLEAN':
        return bytes[0] ? 'true' : 'false'
      case 'INT32':
        return String(view.getInt32(0, true))
      case 'INT64':
        return String(view.getBigInt64(0, true))
      case 'FLOAT':
        return String(view.getFloat32(0, true))
      case 'DOUBLE':
        return String(view.getFloat64(0, true))
      case 'BYTE_ARRAY':
        if (logical === undefined || /^(STRING|UTF8|JSON|ENUM)/.test(logical)) {
          const text = decoder.decode(bytes)
          return text.length > 200 ? `${text.slice(0, 200)}…` : text
        }
        break
      default:
        break
    }
  } catch {
    // shown as bytes below
  }
  return `0x${Buffer.from(bytes.subarray(0, 32)).toString('hex')}${bytes.length > 32 ? '…' : ''}`
}

function statistics(v: ThriftValue | undefined, physical: string, logical: string | undefined): ColumnStatistics | undefined {
  const s = struct(v)
  if (s === undefined) return undefined
  const out: ColumnStatistics = {}
  const min = s.get(6) ?? s.get(2)
  const max = s.get(5) ?? s.get(1)
  if (min instanceof Uint8Array) out.min = statValue(min, physical, logical)
  if (max instanceof Uint8Array) out.max = statValue(max, physical, logical)
  const nulls = num(s.get(3))
  if (nulls !== undefined) out.nullCount = nulls
  const distinct = num(s.get(4))
  if (distinct !== undefined) out.distinctCount = distinct
  return out
}

/** Decodes FileMetaData; throws ThriftError with a reason when the bytes are not a valid footer. */
export function decodeFooter(bytes: Uint8Array): ParquetFooter {
  const meta = new CompactReader(bytes).struct()
  const elements = list(meta.get(2)).map((e) => struct(e) ?? new Map())
  if (elements.length === 0) throw new ThriftError('the footer has no schema')
  const { root, leaves } = schemaTree(elements)
  const leafByPath = new Map<string, SchemaNode>()
  const walk = (node: SchemaNode, prefix: string[]): void => {
    if (node.children.length === 0) leafByPath.set(prefix.join('.'), node)
    for (const c of node.children) walk(c, [...prefix, c.name])
  }
  for (const c of root.children) walk(c, [c.name])
  const rowGroups = list(meta.get(4)).map((rg): RowGroupInfo => {
    const g = struct(rg) ?? new Map()
    return {
      numRows: num(g.get(3)) ?? 0,
      totalByteSize: num(g.get(2)) ?? 0,
      compressedBytes: num(g.get(6)) ?? 0,
      columns: list(g.get(1)).map((cc): ColumnChunkInfo => {
        const c = struct(cc) ?? new Map()
        const m = struct(c.get(3)) ?? new Map()
        const path = list(m.get(3))
          .map((p) => str(p) ?? '?')
          .join('.')
        const physical = named(PHYSICAL, m.get(1))
        const info: ColumnChunkInfo = {
          path,
          physicalType: physical,
          codec: named(CODECS, m.get(4)),
          encodings: list(m.get(2)).map((e) => named(ENCODINGS, e)),
          numValues: num(m.get(5)) ?? 0,
          uncompressedBytes: num(m.get(6)) ?? 0,
          compressedBytes: num(m.get(7)) ?? 0,
          dataPageOffset: num(m.get(9)) ?? 0
        }
        const dictionary = num(m.get(11))
        if (dictionary !== undefined) info.dictionaryPageOffset = dictionary
        const stats = statistics(m.get(12), physical, leafByPath.get(path)?.logicalType)
        if (stats !== undefined) info.statistics = stats
        return info
      })
    }
  })
  const keyValueMetadata: Record<string, string> = {}
  for (const kv of list(meta.get(5))) {
    const s = struct(kv)
    const key = str(s?.get(1))
    if (key !== undefined) keyValueMetadata[key] = str(s?.get(2)) ?? ''
  }
  return {
    version: num(meta.get(1)) ?? 0,
    numRows: num(meta.get(3)) ?? 0,
    createdBy: str(meta.get(6)) ?? null,
    schema: root,
    leafCount: leaves.length,
    rowGroups,
    keyValueMetadata,
    encrypted: meta.has(8),
    footerBytes: bytes.length
  }
}
