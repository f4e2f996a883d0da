import { open } from 'node:fs/promises'
import { CompactReader, T, type ThriftStruct, type ThriftValue, type WireTypes } from './thrift'
import { CompactWriter } from './thrift-write'

const MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31])
const COPY_CHUNK = 8 << 20

/** One row group of a Parquet file: the byte span its column chunks occupy, and its metadata. */
export interface RowGroupSpan {
  start: number
  end: number
  rows: number
  metadata: ThriftStruct
}

/** A Parquet file's footer, read for merging: its row groups and what must match to merge with others. */
export interface ParquetLayout {
  path: string
  metadata: ThriftStruct
  rowGroups: RowGroupSpan[]
  /** The schema and key-value metadata, encoded: files merge only when these are equal. */
  shapeKey: string
  /** The footer's length: a merged file's footer is at most the sum of its sources'. */
  footerBytes: number
  /** The file's bytes, when it is held in memory rather than read from `path`. */
  bytes?: Uint8Array
}

const integer = (v: ThriftValue | undefined): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined)
const struct = (v: ThriftValue | undefined): ThriftStruct | undefined => (v instanceof Map ? v : undefined)
const list = (v: ThriftValue | undefined): ThriftValue[] => (Array.isArray(v) ? v : [])

/** Reads a file's footer with the shared wire-type table, so its structs can be written back. */
export async function readLayout(path: string, types: WireTypes): Promise<ParquetLayout> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    return await parseLayout(path, size, types, async (buffer, position) => {
      await handle.read(buffer, 0, buffer.length, position)
    })
  } finally {
    await handle.close()
  }
}

/** The layout of a Parquet file held in memory (a row group just encoded), merged from its bytes. */
export function layoutOfBytes(name: string, bytes: Uint8Array, types: WireTypes): Promise<ParquetLayout> {
  return parseLayout(name, bytes.length, types, (buffer, position) => {
    buffer.set(bytes.subarray(position, position + buffer.length))
    return Promise.resolve()
  }).then((layout) => ({ ...layout, bytes }))
}

async function parseLayout(
  path: string,
  size: number,
  types: WireTypes,
  readAt: (buffer: Uint8Array, position: number) => Promise<void>
): Promise<ParquetLayout> {
  const tail = new Uint8Array(8)
  if (size >= 8) await readAt(tail, size - 8)
  const footerLength = new DataView(tail.buffer).getUint32(0, true)
  if (size < 12 || !tail.subarray(4).every((b, i) => b === MAGIC[i]) || footerLength > size - 12) {
    throw new Error(`${path} is not a complete Parquet file`)
  }
  const footer = new Uint8Array(footerLength)
  await readAt(footer, size - 8 - footerLength)
  const metadata = new CompactReader(footer, types).struct()
  const rowGroups = list(metadata.get(4)).map((value) => {
    const group = struct(value)!
    let start = Infinity
    let end = 0
    for (const chunk of list(group.get(1))) {
      const column = struct(chunk)
      const meta = struct(column?.get(3))
      if (column === undefined || meta === undefined || column.has(1)) throw new Error(`${path} keeps column data in another file`)
      const offsets = [meta.get(9), meta.get(10), meta.get(11)].map(integer).filter((o): o is number => o !== undefined && o > 0)
      const first = Math.min(...offsets)
      start = Math.min(start, first)
      end = Math.max(end, first + integer(meta.get(7))!)
    }
    return { start, end, rows: integer(group.get(3)) ?? 0, metadata: group }
  })
  const shape: ThriftStruct = new Map([2, 5].filter((id) => metadata.has(id)).map((id) => [id, metadata.get(id)!]))
  types.fields.set(shape, types.fields.get(metadata)!)
  const writer = new CompactWriter(types)
  writer.struct(shape)
  return { path, metadata, rowGroups, shapeKey: Buffer.from(writer.bytes()).toString('base64'), footerBytes: footerLength }
}

const shifted = (v: ThriftValue | undefined, delta: number): number | undefined => {
  const n = integer(v)
  return n === undefined || n <= 0 ? undefined : n + delta
}

/**
 * Rewrites a row group's offsets for its new place in the merged file. Page indexes and bloom
 * filters live outside the column chunks and are not copied, so their references go.
 */
function relocate(group: ThriftStruct, from: number, to: number, ordinal: number, types: WireTypes): void {
  const delta = to - from
  for (const chunk of list(group.get(1))) {
    const column = struct(chunk)!
    const meta = struct(column.get(3))!
    for (const id of [9, 10, 11]) {
      const moved = shifted(meta.get(id), delta)
      if (moved !== undefined) meta.set(id, moved)
    }
    meta.delete(14)
    meta.delete(15)
    const fileOffset = shifted(column.get(2), delta)
    if (fileOffset !== undefined) column.set(2, fileOffset)
    for (const id of [4, 5, 6, 7]) column.delete(id)
  }
  const fieldTypes = types.fields.get(group)!
  group.set(5, to)
  fieldTypes.set(5, T.I64)
  group.set(7, ordinal)
  fieldTypes.set(7, T.I16)
}

export interface MergeSink {
  write(chunk: Uint8Array): Promise<void>
}

/** A row group's column chunks, read from its file (or its bytes) a chunk at a time. */
async function copyGroup(source: ParquetLayout, span: RowGroupSpan, sink: MergeSink): Promise<void> {
  if (source.bytes !== undefined) {
    await sink.write(source.bytes.subarray(span.start, span.end))
    return
  }
  const handle = await open(source.path, 'r')
  try {
    for (let offset = span.start; offset < span.end; offset += COPY_CHUNK) {
      const length = Math.min(COPY_CHUNK, span.end - offset)
      const buffer = new Uint8Array(length)
      const { bytesRead } = await handle.read(buffer, 0, length, offset)
      if (bytesRead !== length) throw new Error(`${source.path} ended inside a row group`)
      await sink.write(buffer)
    }
  } finally {
    await handle.close()
  }
}

/**
 * Writes one Parquet file made of row groups added one by one, copied byte for byte (no
 * decoding, no re-encoding), with a footer taken from the first file and rewritten for the new
 * offsets. Every layout added must share one shape (`shapeKey`) and the `types` it was read with.
 */
export class MergeWriter {
  private position = 0
  private rows = 0
  private readonly merged: ThriftValue[] = []
  private base: ParquetLayout | undefined

  constructor(
    private readonly sink: MergeSink,
    private readonly types: WireTypes
  ) {}

  get rowGroups(): number {
    return this.merged.length
  }

  /** The shape of the file so far; a row group of another shape goes to another file. */
  get shapeKey(): string | undefined {
    return this.base?.shapeKey
  }

  /** Begins the file with `source`'s shape (done by the first `add`; alone, it makes a file of no rows). */
  async start(source: ParquetLayout): Promise<void> {
    if (this.base !== undefined) return
    this.base = source
    await this.sink.write(MAGIC)
    this.position = MAGIC.length
  }

  async add(source: ParquetLayout, group: number): Promise<void> {
    await this.start(source)
    if (source.shapeKey !== this.base!.shapeKey) throw new Error(`${source.path} has another schema than ${this.base!.path}`)
    const span = source.rowGroups[group]!
    await copyGroup(source, span, this.sink)
    relocate(span.metadata, span.start, this.position, this.merged.length, this.types)
    this.merged.push(span.metadata)
    this.position += span.end - span.start
    this.rows += span.rows
  }

  /** Writes the footer; returns the file's row count. */
  async finish(): Promise<number> {
    const base = this.base
    if (base === undefined) throw new Error('nothing to merge')
    const metadata: ThriftStruct = new Map(base.metadata)
    const fieldTypes = new Map(this.types.fields.get(base.metadata)!)
    this.types.fields.set(metadata, fieldTypes)
    metadata.set(3, this.rows)
    fieldTypes.set(3, T.I64)
    metadata.set(4, this.merged)
    fieldTypes.set(4, T.List)
    this.types.elements.set(this.merged, { container: T.List, element: T.Struct })
    const writer = new CompactWriter(this.types)
    writer.struct(metadata)
    const footer = writer.bytes()
    const tail = new Uint8Array(8)
    new DataView(tail.buffer).setUint32(0, footer.length, true)
    tail.set(MAGIC, 4)
    await this.sink.write(footer)
    await this.sink.write(tail)
    return this.rows
  }
}

/** One Parquet file made of the given row groups (see MergeWriter). */
export async function writeMerged(
  layouts: ParquetLayout[],
  groups: { layout: number; group: number }[],
  sink: MergeSink,
  types: WireTypes
): Promise<number> {
  const writer = new MergeWriter(sink, types)
  if (layouts[0] !== undefined) await writer.start(layouts[0])
  for (const { layout, group } of groups) await writer.add(layouts[layout]!, group)
  return writer.finish()
}
