import { md5 } from './md5'
import { ShingleBytes, type Tokenization } from './shingle-bytes'
import type { PythonSub } from './pyregex-text'

/**
 * Data-Juicer's 64-bit SimHash of a text: shingles of `window` tokens (shingle-bytes.ts), each hashed
 * to the first 8 bytes of its MD5 read big-endian, every shingle occurrence one vote per bit, a bit
 * set where its votes are positive. MD5 runs in JS over byte ranges of the encoded text (md5.ts), not
 * a node:crypto call per shingle string; simhash-signature.test.ts holds it equal to that.
 */

export interface SimhashSignatureOptions {
  tokenization: Tokenization
  window: number
  lowercase: boolean
  /** Removed from the (lowercased) text before shingling: a Python pattern, as Data-Juicer's. */
  ignore: PythonSub | null
}

export class SimhashSignature {
  private readonly shingles: ShingleBytes
  private readonly votes = new Int32Array(64)
  private readonly digest = new Int32Array(4)

  constructor(private readonly options: SimhashSignatureOptions) {
    this.shingles = new ShingleBytes(options.tokenization, options.window)
  }

  /** The SimHash as two 32-bit halves (high, low). */
  hash(raw: string): [number, number] {
    let text = this.options.lowercase ? raw.toLowerCase() : raw
    if (this.options.ignore !== null) text = this.options.ignore.apply(text)
    const { shingles, votes, digest } = this
    const count = shingles.cut(text)
    votes.fill(0)
    for (let i = 0; i < count; i++) {
      md5(shingles.bytes, shingles.starts[i]!, shingles.ends[i]!, digest)
      // Digest bytes 0–7 big-endian are words a and b of MD5, each little-endian: byte-swap them.
      vote(votes, 0, bswap(digest[0]!))
      vote(votes, 32, bswap(digest[1]!))
    }
    let hi = 0
    let lo = 0
    for (let bit = 0; bit < 32; bit++) {
      if (votes[bit]! > 0) hi |= 1 << (31 - bit)
      if (votes[32 + bit]! > 0) lo |= 1 << (31 - bit)
    }
    return [hi >>> 0, lo >>> 0]
  }
}

function bswap(v: number): number {
  return ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24)) >>> 0
}

/** One vote per bit of `word` (most significant first) into votes[at … at + 31]: +1 for a set bit, −1 for a clear one. */
function vote(votes: Int32Array, at: number, word: number): void {
  for (let bit = 0; bit < 32; bit++) votes[at + bit] += (((word >>> (31 - bit)) & 1) << 1) - 1
}
