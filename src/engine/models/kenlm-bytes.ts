import { open } from 'node:fs/promises'
import { fileError } from '../io/fs-errors'

/** One Buffer holds at most 4 GiB in Node 20, and a KenLM model can be larger: the file is held in 1 GiB chunks. */
const DEFAULT_CHUNK_BYTES = 2 ** 30
/** Each chunk also holds the first bytes of the next, so a read of up to this many bytes never spans two chunks. */
const CHUNK_OVERLAP = 16

const scratch = new DataView(new ArrayBuffer(4))
const POW2 = Array.from({ length: 33 }, (_, i) => 2 ** i)

/** A float32 from its bit pattern. */
export function floatOfBits(bits: number): number {
  scratch.setUint32(0, bits >>> 0)
  return scratch.getFloat32(0)
}

/**
 * A whole file in memory, read little-endian at any byte offset (KenLM's binary format is the
 * memory image of x86-64 structures, packed at byte and bit level). Reading costs the file's size
 * in memory; Node has no mmap, so there is no sharing of pages between worker threads.
 */
export class FileBytes {
  private constructor(
    readonly size: number,
    private readonly chunks: DataView[],
    private readonly chunkBytes: number
  ) {}

  /** Reads a file, in chunks of `chunkBytes` (more than 16; smaller than the default only to test reads across chunks). */
  static async read(path: string, chunkBytes = DEFAULT_CHUNK_BYTES): Promise<FileBytes> {
    try {
      const handle = await open(path, 'r')
      try {
        let size = (await handle.stat()).size
        const chunks: DataView[] = []
        for (let start = 0; start < size || chunks.length === 0; start += chunkBytes) {
          const length = Math.min(size - start, chunkBytes + CHUNK_OVERLAP)
          const buffer = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(size - start, 0)) + CHUNK_OVERLAP)
          let filled = 0
          while (filled < length) {
            const { bytesRead } = await handle.read(buffer, filled, length - filled, start + filled)
            if (bytesRead === 0) break
            filled += bytesRead
          }
          // A file that shrank while read is as long as what was read.
          if (filled < length) size = Math.min(size, start + filled)
          // Zeros beyond the file's end, so a bit-level read that looks past the last byte (as
          // KenLM's 64-bit reads may) sees zeros rather than garbage.
          buffer.fill(0, filled)
          chunks.push(new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength))
        }
        return new FileBytes(size, chunks, chunkBytes)
      } finally {
        await handle.close()
      }
    } catch (err) {
      throw fileError(err, path)
    }
  }

  private view(offset: number): DataView {
    return this.chunks[Math.floor(offset / this.chunkBytes)]!
  }

  u8(offset: number): number {
    return this.view(offset).getUint8(offset % this.chunkBytes)
  }

  u32(offset: number): number {
    return this.view(offset).getUint32(offset % this.chunkBytes, true)
  }

  f32(offset: number): number {
    return this.view(offset).getFloat32(offset % this.chunkBytes, true)
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
    const chunk = Math.floor(byte / this.chunkBytes)
    const view = this.chunks[chunk]!
    const at = byte - chunk * this.chunkBytes
    const word = view.getUint32(at, true)
    // Within the 32 bits at hand (the usual case: word ids, quantized values), integer arithmetic does.
    if (shift + length <= 32) return (word >>> shift) % POW2[length]!
    return (Math.floor(word / POW2[shift]!) + view.getUint8(at + 4) * POW2[32 - shift]!) % POW2[length]!
  }

  /** The bytes [start, end) of the file (at most its size): a view when within one chunk, else a copy. */
  slice(start: number, end: number): Buffer {
    const parts: Buffer[] = []
    for (let at = start; at < end;) {
      const view = this.view(at)
      const from = at % this.chunkBytes
      const to = Math.min(end - at + from, this.chunkBytes)
      parts.push(Buffer.from(view.buffer, view.byteOffset + from, to - from))
      at += to - from
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts)
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
