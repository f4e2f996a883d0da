import { minhashKernel, type MinhashKernel } from './minhash-wasm'
import { ShingleBytes, type ShingleStyle, type Tokenization } from './shingle-bytes'
import type { PythonSub } from './pyregex-text'

/**
 * MinHash LSH band hashes of a text, computed at memory speed (issue 14). The semantics are
 * Data-Juicer's — shingles of `window` tokens, each hashed with the first 4 bytes of its SHA-1 read
 * little-endian, the last shingle left out — with Sieve's seeded 32-bit permutation family; the output
 * is bit-identical to the plain implementation it replaced (node:crypto SHA-1 per joined shingle
 * string, a Set of strings), which the golden test in minhash-signature.test.ts keeps as reference.
 *
 * Why it is fast: the text is UTF-8-encoded once into a reused buffer and every shingle is a byte range
 * of it (shingle-bytes.ts), so no shingle string is built; SHA-1 runs over those bytes with no
 * allocation, 4 shingles at a time in WebAssembly SIMD (minhash-wasm.ts) or one at a time in JS; the
 * shingle hashes are sorted in a typed array to skip repeats (the minimum over a multiset is the
 * minimum over its set, so this only saves work); and the permutations run 4 at a time in WebAssembly
 * SIMD, or in a JS loop over typed arrays without it.
 */

export interface MinhashSignatureOptions {
  tokenization: Tokenization
  /** Tokens per shingle. */
  window: number
  lowercase: boolean
  /** Removed from the (lowercased) text before shingling: a Python pattern, as Data-Juicer's. */
  ignore: PythonSub | null
  /** Data-Juicer's local shingles, or its Ray operator's (see ShingleStyle); local when unset. */
  style?: ShingleStyle
  permutations: number
  bands: number
  rows: number
}

const MAX_HASH = 0xffffffff

/** murmur3's finalizer: a bijection on 32-bit integers. */
function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Seeds of the permutation family, from a fixed generator so every run (and every worker) agrees. */
function permutationSeeds(count: number): Uint32Array {
  const seeds = new Uint32Array(count)
  let state = 42
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0
    seeds[i] = fmix32(state)
  }
  return seeds
}

const words = new Int32Array(80)
let padded = new Uint8Array(128)

/**
 * Data-Juicer's sha1_hash32 of bytes[start, end): the first 4 bytes of the SHA-1 digest read
 * little-endian, equal to node:crypto's createHash('sha1')…digest().readUInt32LE(0).
 */
export function sha1Hash32(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start
  const size = (((length + 8) >>> 6) + 1) << 6
  if (padded.length < size) padded = new Uint8Array(size * 2)
  const block = padded
  for (let i = 0; i < length; i++) block[i] = bytes[start + i]!
  block[length] = 0x80
  block.fill(0, length + 1, size - 8)
  const bitsHigh = Math.floor(length / 0x20000000)
  const bitsLow = (length << 3) >>> 0
  block[size - 8] = bitsHigh >>> 24
  block[size - 7] = (bitsHigh >>> 16) & 0xff
  block[size - 6] = (bitsHigh >>> 8) & 0xff
  block[size - 5] = bitsHigh & 0xff
  block[size - 4] = bitsLow >>> 24
  block[size - 3] = (bitsLow >>> 16) & 0xff
  block[size - 2] = (bitsLow >>> 8) & 0xff
  block[size - 1] = bitsLow & 0xff
  let h0 = 0x67452301
  let h1 = 0xefcdab89 | 0
  let h2 = 0x98badcfe | 0
  let h3 = 0x10325476
  let h4 = 0xc3d2e1f0 | 0
  const w = words
  for (let offset = 0; offset < size; offset += 64) {
    for (let j = 0; j < 16; j++) {
      const o = offset + 4 * j
      w[j] = (block[o]! << 24) | (block[o + 1]! << 16) | (block[o + 2]! << 8) | block[o + 3]!
    }
    for (let j = 16; j < 80; j++) {
      const x = w[j - 3]! ^ w[j - 8]! ^ w[j - 14]! ^ w[j - 16]!
      w[j] = (x << 1) | (x >>> 31)
    }
    let a = h0
    let b = h1
    let c = h2
    let d = h3
    let e = h4
    // The four kinds of round in their own loops: no branch on the round number inside.
    for (let j = 0; j < 20; j++) {
      const t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + w[j]! + 0x5a827999) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = t
    }
    for (let j = 20; j < 40; j++) {
      const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + w[j]! + 0x6ed9eba1) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = t
    }
    for (let j = 40; j < 60; j++) {
      const t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + w[j]! - 0x70e44324) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = t
    }
    for (let j = 60; j < 80; j++) {
      const t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + w[j]! - 0x359d3e2a) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = t
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
    h4 = (h4 + e) | 0
  }
  return ((h0 >>> 24) | ((h0 >>> 8) & 0xff00) | ((h0 << 8) & 0xff0000) | (h0 << 24)) >>> 0
}

/** Shingles of at most this many bytes fit one SHA-1 block (with the 0x80 byte and the 8-byte length). */
const ONE_BLOCK = 55
/** One-block shingles gathered before the kernel hashes them, 4 at a time: 64 KB of blocks. */
const BLOCK_LANES = 1024

/**
 * Computes the band hashes of texts for one set of options, reusing its buffers from text to text.
 * With WebAssembly SIMD, everything the kernel reads lives in its memory: seeds, then minimums (each
 * padded to groups of 4 permutations), then BLOCK_LANES SHA-1 blocks, then the shingle hashes. Without
 * it, seeds, minimums and hashes are plain typed arrays and SHA-1 and the permutations run in JS.
 */
export class MinhashSignature {
  private readonly shingles: ShingleBytes
  private readonly kernel: MinhashKernel | null
  private readonly groups: number
  private readonly seeds: Uint32Array
  private minimums: Uint32Array
  private hashes: Uint32Array
  private blocks = new Uint8Array(0)

  /** `simd: false` runs SHA-1 and the permutations in JS, as on runtimes without WebAssembly SIMD. */
  constructor(
    private readonly options: MinhashSignatureOptions,
    { simd = true }: { simd?: boolean } = {}
  ) {
    this.shingles = new ShingleBytes(options.tokenization, options.window, options.style)
    this.groups = Math.ceil(options.permutations / 4)
    this.kernel = simd ? minhashKernel() : null
    this.seeds = new Uint32Array(4 * this.groups)
    this.seeds.set(permutationSeeds(options.permutations))
    this.minimums = new Uint32Array(4 * this.groups)
    this.hashes = new Uint32Array(1 << 10)
    if (this.kernel !== null) this.mapKernelMemory(1 << 10)
  }

  /** Whether SHA-1 and the permutations run in WebAssembly SIMD rather than in JS. */
  get usesSimd(): boolean {
    return this.kernel !== null
  }

  /** The LSH band hashes: 64 bits per band, as two 32-bit halves (h1, h2) at 2b and 2b + 1. */
  bandHashes(raw: string): Uint32Array {
    const { lowercase, ignore, bands, rows } = this.options
    let text = lowercase ? raw.toLowerCase() : raw
    if (ignore !== null) text = ignore.apply(text)
    this.minimums.fill(MAX_HASH)
    this.permute(this.distinct(this.shingleHashes(text)))
    const minimums = this.minimums
    const out = new Uint32Array(2 * bands)
    for (let b = 0; b < bands; b++) {
      let h1 = 0x9747b28c ^ b
      let h2 = 0x85ebca6b ^ b
      for (let r = b * rows; r < (b + 1) * rows; r++) {
        h1 = fmix32((Math.imul(h1, 31) + minimums[r]!) >>> 0)
        h2 = fmix32((Math.imul(h2, 37) ^ minimums[r]!) >>> 0)
      }
      out[2 * b] = h1
      out[2 * b + 1] = h2
    }
    return out
  }

  /**
   * Points seeds, minimums, blocks and hashes (room for `capacity`) into the kernel's memory, growing
   * it first if needed; growing detaches the old views, so they are all made anew.
   */
  private mapKernelMemory(capacity: number): void {
    const memory = this.kernel!.memory
    const needed = this.hashesAt() + 4 * capacity
    if (memory.buffer.byteLength < needed) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536))
    const words = new Uint32Array(memory.buffer)
    words.set(this.seeds)
    this.minimums = words.subarray(4 * this.groups, 8 * this.groups)
    this.blocks = new Uint8Array(memory.buffer, this.blocksAt(), 64 * BLOCK_LANES)
    this.hashes = words.subarray(this.hashesAt() / 4)
  }

  private blocksAt(): number {
    return 32 * this.groups
  }

  private hashesAt(): number {
    return this.blocksAt() + 64 * BLOCK_LANES
  }

  private reserveHashes(count: number): void {
    if (this.hashes.length >= count) return
    if (this.kernel !== null) this.mapKernelMemory(2 * count)
    else this.hashes = new Uint32Array(2 * count)
  }

  /** Sorts the first `count` hashes and moves the distinct ones to the front; returns how many. */
  private distinct(count: number): number {
    if (count <= 1) return count
    const hashes = this.hashes
    hashes.subarray(0, count).sort()
    let kept = 1
    for (let i = 1; i < count; i++) if (hashes[i] !== hashes[kept - 1]) hashes[kept++] = hashes[i]!
    return kept
  }

  /** Lowers `minimums` to each permutation's minimum over the first `count` hashes. */
  private permute(count: number): void {
    if (count === 0) return
    if (this.kernel !== null) {
      this.kernel.permute(0, 16 * this.groups, this.hashesAt(), count, this.groups)
      return
    }
    const { seeds, minimums, hashes } = this
    const n = this.options.permutations
    for (let s = 0; s < count; s++) {
      const hv = hashes[s]!
      for (let p = 0; p < n; p++) {
        let h = hv ^ seeds[p]!
        h ^= h >>> 16
        h = Math.imul(h, 0x85ebca6b)
        h ^= h >>> 13
        h = Math.imul(h, 0xc2b2ae35)
        h = (h ^ (h >>> 16)) >>> 0
        if (h < minimums[p]!) minimums[p] = h
      }
    }
  }

  /**
   * Hashes every shingle of the text into `hashes` (in no particular order: only their set matters),
   * and returns how many there are. With the kernel, one-block shingles are padded into its blocks and
   * hashed 4 at a time; longer ones, and all of them without it, are hashed in JS.
   */
  private shingleHashes(text: string): number {
    const shingles = this.shingles
    const count = shingles.cut(text)
    if (count === 0) return 0
    // A last group of fewer than 4 blocks still writes 4 hashes.
    this.reserveHashes(count + 4)
    const { bytes, starts, ends } = shingles
    const kernel = this.kernel
    const hashes = this.hashes
    let hashed = 0
    if (kernel === null) {
      for (let i = 0; i < count; i++) hashes[i] = sha1Hash32(bytes, starts[i]!, ends[i]!)
      return count
    }
    const blocks = this.blocks
    let lanes = 0
    for (let i = 0; i < count; i++) {
      const start = starts[i]!
      const length = ends[i]! - start
      if (length > ONE_BLOCK) {
        hashes[hashed++] = sha1Hash32(bytes, start, start + length)
        continue
      }
      // The padded block: the bytes, 0x80, zeros, and the length in bits big-endian in the last 8 bytes.
      const at = 64 * lanes
      for (let k = 0; k < length; k++) blocks[at + k] = bytes[start + k]!
      blocks[at + length] = 0x80
      blocks.fill(0, at + length + 1, at + 62)
      blocks[at + 62] = length >>> 5
      blocks[at + 63] = (length << 3) & 0xff
      if (++lanes === BLOCK_LANES) {
        kernel.sha1x4(this.blocksAt(), this.hashesAt() + 4 * hashed, BLOCK_LANES / 4)
        hashed += lanes
        lanes = 0
      }
    }
    if (lanes > 0) kernel.sha1x4(this.blocksAt(), this.hashesAt() + 4 * hashed, Math.ceil(lanes / 4))
    return hashed + lanes
  }
}
