import { T, ThriftError, type ThriftStruct, type ThriftValue, type WireTypes } from './thrift'

/**
 * A writer for Thrift's compact protocol: writes back a struct the reader decoded, field by
 * field with the wire types the reader recorded. A field added after decoding needs its type
 * given in `types`; a Parquet footer has no maps, so maps are refused.
 */
export class CompactWriter {
  private buffer = new Uint8Array(4096)
  private length = 0

  constructor(private readonly types: WireTypes) {}

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length)
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra))
    grown.set(this.buffer.subarray(0, this.length))
    this.buffer = grown
  }

  private byte(b: number): void {
    this.ensure(1)
    this.buffer[this.length++] = b & 0xff
  }

  private varint(value: bigint): void {
    let v = value
    do {
      const low = Number(v & 0x7fn)
      v >>= 7n
      this.byte(v === 0n ? low : low | 0x80)
    } while (v !== 0n)
  }

  private zigzag(value: bigint): void {
    this.varint(value >= 0n ? value << 1n : (-value << 1n) - 1n)
  }

  private integer(v: ThriftValue): bigint {
    if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v)
    if (typeof v === 'bigint') return v
    throw new ThriftError(`expected an integer, got ${typeof v}`)
  }

  private value(type: number, v: ThriftValue): void {
    switch (type) {
      case T.Byte:
        this.byte(Number(this.integer(v)))
        return
      case T.I16:
      case T.I32:
      case T.I64:
        this.zigzag(this.integer(v))
        return
      case T.Double: {
        if (typeof v !== 'number') throw new ThriftError('expected a double')
        this.ensure(8)
        new DataView(this.buffer.buffer, this.length, 8).setFloat64(0, v, true)
        this.length += 8
        return
      }
      case T.Binary: {
        if (!(v instanceof Uint8Array)) throw new ThriftError('expected binary')
        this.varint(BigInt(v.length))
        this.ensure(v.length)
        this.buffer.set(v, this.length)
        this.length += v.length
        return
      }
      case T.List:
      case T.Set: {
        if (!Array.isArray(v)) throw new ThriftError('expected a list')
        const element = this.types.elements.get(v)?.element
        if (element === undefined) throw new ThriftError('a list whose element type is unknown')
        if (v.length < 15) this.byte((v.length << 4) | element)
        else {
          this.byte(0xf0 | element)
          this.varint(BigInt(v.length))
        }
        const isBool = element === T.True || element === T.False
        for (const item of v) {
          if (isBool) this.byte(item === true ? 1 : 2)
          else this.value(element, item)
        }
        return
      }
      case T.Struct:
        if (!(v instanceof Map)) throw new ThriftError('expected a struct')
        this.struct(v)
        return
      default:
        throw new ThriftError(`cannot write field type ${type}`)
    }
  }

  struct(s: ThriftStruct): void {
    const fieldTypes = this.types.fields.get(s)
    if (fieldTypes === undefined) throw new ThriftError('a struct whose field types are unknown')
    let lastId = 0
    for (const id of [...s.keys()].sort((a, b) => a - b)) {
      const v = s.get(id)!
      const type = fieldTypes.get(id)
      if (type === undefined) throw new ThriftError(`field ${id} has no known type`)
      const wire = type === T.True ? (v === true ? T.True : T.False) : type
      const delta = id - lastId
      if (delta > 0 && delta <= 15) this.byte((delta << 4) | wire)
      else {
        this.byte(wire)
        this.zigzag(BigInt(id))
      }
      lastId = id
      if (type !== T.True) this.value(type, v)
    }
    this.byte(T.Stop)
  }
}
