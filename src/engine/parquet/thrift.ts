/**
 * A reader for Thrift's compact protocol, enough to decode a Parquet footer (FileMetaData).
 * Structs decode to maps from field id to value, so unknown fields are skipped safely; every
 * read is bounds-checked and nesting is limited, so corrupt bytes give an error, never a hang.
 */
export type ThriftValue = boolean | number | bigint | Uint8Array | ThriftValue[] | ThriftStruct
export type ThriftStruct = Map<number, ThriftValue>

/**
 * The wire types a decode met, so a struct can be written back exactly (thrift-write.ts): the
 * type of each field of each struct, and the element type (and list or set) of each list.
 */
export interface WireTypes {
  fields: WeakMap<ThriftStruct, Map<number, number>>
  elements: WeakMap<ThriftValue[], { container: number; element: number }>
}

export enum T {
  Stop = 0,
  True = 1,
  False = 2,
  Byte = 3,
  I16 = 4,
  I32 = 5,
  I64 = 6,
  Double = 7,
  Binary = 8,
  List = 9,
  Set = 10,
  Map = 11,
  Struct = 12
}

export class ThriftError extends Error {}

const MAX_DEPTH = 64
const MAX_ELEMENTS = 50_000_000

export class CompactReader {
  private pos = 0

  /** `types` may be shared by several reads, for structs from several files written as one. */
  constructor(
    private readonly bytes: Uint8Array,
    readonly types: WireTypes = { fields: new WeakMap(), elements: new WeakMap() }
  ) {}

  get position(): number {
    return this.pos
  }

  private byte(): number {
    if (this.pos >= this.bytes.length) throw new ThriftError(`unexpected end of data at byte ${this.pos}`)
    return this.bytes[this.pos++]!
  }

  private varint(): bigint {
    let result = 0n
    let shift = 0n
    for (let i = 0; i < 10; i++) {
      const b = this.byte()
      result |= BigInt(b & 0x7f) << shift
      if ((b & 0x80) === 0) return result
      shift += 7n
    }
    throw new ThriftError(`varint longer than 10 bytes at byte ${this.pos}`)
  }

  private zigzag(): bigint {
    const v = this.varint()
    return (v >> 1n) ^ -(v & 1n)
  }

  private smallInt(): number {
    const v = this.zigzag()
    if (v > 2147483647n || v < -2147483648n) throw new ThriftError(`i32 out of range at byte ${this.pos}`)
    return Number(v)
  }

  private length(): number {
    const n = Number(this.varint())
    if (n < 0 || n > this.bytes.length - this.pos) throw new ThriftError(`length ${n} runs past the end of the data at byte ${this.pos}`)
    return n
  }

  private value(type: number, depth: number): ThriftValue {
    switch (type) {
      case T.True:
        return true
      case T.False:
        return false
      case T.Byte:
        return (this.byte() << 24) >> 24
      case T.I16:
      case T.I32:
        return this.smallInt()
      case T.I64: {
        const v = this.zigzag()
        return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v
      }
      case T.Double: {
        if (this.pos + 8 > this.bytes.length) throw new ThriftError('double runs past the end of the data')
        const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8).getFloat64(0, true)
        this.pos += 8
        return v
      }
      case T.Binary: {
        const n = this.length()
        const v = this.bytes.subarray(this.pos, this.pos + n)
        this.pos += n
        return v
      }
      case T.List:
      case T.Set: {
        const header = this.byte()
        let size = header >> 4
        const elementType = header & 0x0f
        if (size === 15) size = Number(this.varint())
        if (size > MAX_ELEMENTS || size > this.bytes.length - this.pos + 1) throw new ThriftError(`list of ${size} elements cannot fit in the data`)
        const out: ThriftValue[] = []
        // A boolean element is a byte of its own (1 is true), unlike a boolean field.
        const isBool = elementType === T.True || elementType === T.False
        for (let i = 0; i < size; i++) out.push(isBool ? this.byte() === 1 : this.value(elementType, depth + 1))
        this.types.elements.set(out, { container: type, element: elementType })
        return out
      }
      case T.Map: {
        const size = Number(this.varint())
        if (size === 0) return []
        const types = this.byte()
        const out: ThriftValue[] = []
        for (let i = 0; i < size; i++) out.push([this.value(types >> 4, depth + 1), this.value(types & 0x0f, depth + 1)])
        return out
      }
      case T.Struct:
        return this.struct(depth + 1)
      default:
        throw new ThriftError(`unknown field type ${type} at byte ${this.pos - 1}`)
    }
  }

  struct(depth = 0): ThriftStruct {
    if (depth > MAX_DEPTH) throw new ThriftError('structures nested too deeply')
    const out: ThriftStruct = new Map()
    const fieldTypes = new Map<number, number>()
    this.types.fields.set(out, fieldTypes)
    let lastId = 0
    for (;;) {
      const header = this.byte()
      const type = header & 0x0f
      if (type === T.Stop) return out
      const delta = header >> 4
      const id = delta === 0 ? this.smallInt() : lastId + delta
      lastId = id
      out.set(id, this.value(type, depth))
      // A boolean field carries its value in its type: either one means "bool".
      fieldTypes.set(id, type === T.False ? T.True : type)
    }
  }
}
