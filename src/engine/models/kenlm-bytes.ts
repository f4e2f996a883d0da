import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { fileError } from '../io/fs-errors'

/**
 * Files up to this size are read whole when opened: the fastest to score from, at the file's size
 * of memory in each worker thread (Node has no mmap to share one copy between them).
 */
const WHOLE_FILE_BYTES = 2 ** 30
/**
 * A larger file is read in blocks of this size as lookups reach them, at most RESIDENT_BYTES of them
 * kept per thread (the oldest read gives way): memory stays bounded, but scoring slows with the share
 * of the file not kept (about 10 times slower with half of a probing model kept, measured).
 */
const PAGE_BYTES = 2 ** 14
const RESIDENT_BYTES = 2 ** 30
/** Each block also holds the first bytes of the next, so a read of up to this many bytes never spans two blocks. */
const BLOCK_OVERLAP = 16

const scratch = new DataView(new ArrayBuffer(4))
const POW2 = Array.from({ length: 33 }, (_, i) => 2 ** i)

/** A float32 from its bit pattern. */
export function floatOfBits(bits: number): number {
  scratch.setUint32(0, bits >>> 0)
  return scratch.getFloat32(0)
}

export interface FileBytesOptions {
  /** The size of the blocks the file is held in (more than 16 bytes). */
  blockBytes?: number
  /** How many blocks are kept at most; fewer than the file has means reading blocks again as they are needed. */
  maxBlocks?: number
}

/**
 * A file read little-endian at any byte offset (KenLM's binary format is the memory image of x86-64
 * structures, packed at byte and bit level). A file up to 1 GiB is read whole when opened; a larger
 * one block by block as lookups reach it, keeping at most 1 GiB of it (the operating system's page
 * cache holds the file once for all threads), so memory per thread is bounded.
 */
export class FileBytes {
  private readonly blocks: (DataView | undefined)[]
  /** The resident blocks' numbers in the order they were read: a new one takes the oldest one's slot. */
  private readonly resident: Int32Array
  private nextSlot = 0
  /** Where the offset last located is in its block. */
  private at = 0

  private constructor(
    readonly size: number,
    private readonly path: string,
    private fd: number | undefined,
    private readonly blockBytes: number,
    maxBlocks: number
  ) {
    const count = Math.max(1, Math.ceil(size / blockBytes))
    this.blocks = new Array<DataView | undefined>(count)
    this.resident = new Int32Array(Math.min(maxBlocks, count)).fill(-1)
  }

  static open(path: string, options: FileBytesOptions = {}): FileBytes {
    let fd: number | undefined
    let size: number
    try {
      fd = openSync(path, 'r')
      size = fstatSync(fd).size
    } catch (err) {
      if (fd !== undefined) closeSync(fd)
      throw fileError(err, path)
    }
    const whole = size <= WHOLE_FILE_BYTES
    const blockBytes = options.blockBytes ?? (whole ? Math.max(size, 1) : PAGE_BYTES)
    const maxBlocks = options.maxBlocks ?? (whole ? Infinity : Math.floor(RESIDENT_BYTES / blockBytes))
    const bytes = new FileBytes(size, path, fd, blockBytes, maxBlocks)
    if (bytes.resident.length === bytes.blocks.length) {
      // Every block fits: read them all now and let the file go.
      try {
        for (let block = 0; block < bytes.blocks.length; block++) bytes.read(block)
      } finally {
        bytes.fd = undefined
        closeSync(fd)
      }
    }
    return bytes
  }

  /** The block holding `offset` (and the 16 bytes after it), with `this.at` set to where the offset is in it. */
  private locate(offset: number): DataView {
    const block = Math.floor(offset / this.blockBytes)
    this.at = offset - block * this.blockBytes
    return this.blocks[block] ?? this.read(block)
  }

  private read(block: number): DataView {
    if (this.fd === undefined) throw new Error(`FileBytes: block ${block} of ${this.path} is beyond the file`)
    const start = block * this.blockBytes
    const length = Math.max(0, Math.min(this.size - start, this.blockBytes + BLOCK_OVERLAP))
    // The slot's oldest block gives up its buffer to the new one.
    const evicted = this.resident[this.nextSlot]!
    const reused = evicted >= 0 ? this.blocks[evicted] : undefined
    if (evicted >= 0) this.blocks[evicted] = undefined
    const buffer =
      reused !== undefined ? Buffer.from(reused.buffer, reused.byteOffset, reused.byteLength) : Buffer.allocUnsafe(this.blockBytes + BLOCK_OVERLAP)
    let filled = 0
    try {
      while (filled < length) {
        const read = readSync(this.fd, buffer, filled, length - filled, start + filled)
        if (read === 0) break
        filled += read
      }
    } catch (err) {
      throw fileError(err, this.path)
    }
    // Zeros beyond the file's end, so a bit-level read that looks past the last byte (as KenLM's
    // 64-bit reads may) sees zeros rather than garbage.
    buffer.fill(0, filled)
    const view = reused ?? new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength)
    this.resident[this.nextSlot] = block
    this.nextSlot = (this.nextSlot + 1) % this.resident.length
    this.blocks[block] = view
    return view
  }

  u8(offset: number): number {
    return this.locate(offset).getUint8(this.at)
  }

  u32(offset: number): number {
    return this.locate(offset).getUint32(this.at, true)
  }

  f32(offset: number): number {
    return this.locate(offset).getFloat32(this.at, true)
  }

  /** A uint64 as a number; undefined beyond 2^53, which no count or offset of a real model reaches. */
  u64(offset: number): number | undefined {
    const value = this.u32(offset) + this.u32(offset + 4) * 2 ** 32
    return Number.isSafeInteger(value) ? value : undefined
  }

  /** `length` bits (at most 52) starting `bit` bits into the file, least significant first (KenLM's ReadInt57 on little-endian). */
  bits(bit: number, length: number): number {
    if (length > 32) return this.bits(bit, 32) + this.bits(bit + 32, length - 32) * 2 ** 32
    const byte = Math.floor(bit / 8)
    const shift = bit - byte * 8
    const view = this.locate(byte)
    const at = this.at
    const word = view.getUint32(at, true)
    // Within the 32 bits at hand (the usual case: word ids, quantized values), integer arithmetic does.
    if (shift + length <= 32) return (word >>> shift) % POW2[length]!
    return (Math.floor(word / POW2[shift]!) + view.getUint8(at + 4) * POW2[32 - shift]!) % POW2[length]!
  }

  /** A copy of the bytes [start, end) of the file (at most its size). */
  slice(start: number, end: number): Buffer {
    const out = Buffer.allocUnsafe(Math.max(0, end - start))
    for (let at = start; at < end;) {
      const view = this.locate(at)
      const length = Math.min(end - at, this.blockBytes - this.at)
      out.set(new Uint8Array(view.buffer, view.byteOffset + this.at, length), at - start)
      at += length
    }
    return out
  }
}

const MASK64 = (1n << 64n) - 1n
const MURMUR_M = 0xc6a4a7935bd1e995n

/** MurmurHash64A with seed 0 (util/murmur_hash.cc): how KenLM hashes a word's bytes for its vocabulary. */
export function murmurHash64A(bytes: Uint8Array): bigint {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let h = (BigInt(bytes.length) * MURMUR_M) & MASK64
  const blocks = Math.floor(bytes.length / 8)
  for (let i = 0; i < blocks; i++) {
    let k = view.getBigUint64(i * 8, true)
    k = (k * MURMUR_M) & MASK64
    k ^= k >> 47n
    k = (k * MURMUR_M) & MASK64
    h ^= k
    h = (h * MURMUR_M) & MASK64
  }
  const tail = bytes.length & 7
  if (tail > 0) {
    for (let i = tail - 1; i >= 0; i--) h ^= BigInt(bytes[blocks * 8 + i]!) << BigInt(8 * i)
    h = (h * MURMUR_M) & MASK64
  }
  h ^= h >> 47n
  h = (h * MURMUR_M) & MASK64
  h ^= h >> 47n
  return h
}

/** KenLM's key of an n-gram extended by one more word of context (lm/search_hashed.hh CombineWordHash). */
export function combineWordHash(current: bigint, next: number): bigint {
  return ((current * 8978948897894561157n) ^ (BigInt(1 + next) * 17894857484156487943n)) & MASK64
}

/** The number of bits that hold integers up to `max` (util/bit_packing.cc RequiredBits). */
export function requiredBits(max: number): number {
  let bits = 0
  while (max >= 1) {
    bits++
    max = Math.floor(max / 2)
  }
  return bits
}
