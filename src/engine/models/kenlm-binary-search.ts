import { combineWordHash, floatOfBits, type FileBytes } from './kenlm-bytes'

/**
 * A walk down KenLM's n-gram tables for one word, as its scoring does it (lm/model.cc
 * ScoreExceptBackoff, ResumeScore): the word's unigram, then the n-gram extended by one more word
 * of context at a time. After each step that finds its n-gram, `prob` and `backoff` are that
 * n-gram's, and `independentLeft` says no longer n-gram ends with it, so the walk can stop.
 */
export interface NgramCursor {
  prob: number
  backoff: number
  independentLeft: boolean
  unigram(word: number): void
  /** Extends to the n-gram of `n` = order_minus_2 + 2 words; false when the model has none. */
  middle(orderMinus2: number, word: number): boolean
  /** Extends to an n-gram of the model's highest order; false when the model has none. */
  longest(word: number): boolean
}

/** Says what is wrong with the file and throws. */
export type Fail = (why: string) => never

/** A probing hash table: its first byte, its number of buckets and the bytes per entry (key first). */
export interface ProbingTable {
  start: number
  buckets: number
  entryBytes: number
}

/**
 * Finds a 64-bit key by linear probing from bucket key % buckets (util/probing_hash_table.hh); a
 * key of 0 marks an empty bucket. The byte offset of the entry, or -1.
 */
export function probingFind(bytes: FileBytes, table: ProbingTable, key: bigint): number {
  const low = Number(key & 0xffffffffn)
  const high = Number(key >> 32n)
  let bucket = Number(key % BigInt(table.buckets))
  // A table KenLM wrote always has an empty bucket; a corrupt one without any must not loop forever.
  for (let probes = 0; probes < table.buckets; probes++) {
    const at = table.start + bucket * table.entryBytes
    const keyLow = bytes.u32(at)
    const keyHigh = bytes.u32(at + 4)
    if (keyLow === low && keyHigh === high) return at
    if (keyLow === 0 && keyHigh === 0) return -1
    bucket = bucket + 1 === table.buckets ? 0 : bucket + 1
  }
  return -1
}

/** A float whose sign bit KenLM uses as a flag: the flag, and the value with the sign set (value.hh GenericProbingProxy). */
function isSignSet(value: number): boolean {
  return value < 0 || Object.is(value, -0)
}

/**
 * The probing layout (lm/search_hashed.hh): unigrams as an array of (prob, backoff) by word id;
 * each middle order a hash table of (key, prob, backoff), the highest order one of (key, prob),
 * keyed by the hash of the n-gram's words from the last backwards.
 */
export class ProbingCursor implements NgramCursor {
  prob = 0
  backoff = 0
  independentLeft = false
  private node = 0n

  constructor(
    private readonly bytes: FileBytes,
    private readonly unigramStart: number,
    private readonly middles: readonly ProbingTable[],
    private readonly longestTable: ProbingTable
  ) {}

  unigram(word: number): void {
    const at = this.unigramStart + word * 8
    const stored = this.bytes.f32(at)
    this.prob = -Math.abs(stored)
    this.independentLeft = isSignSet(stored)
    this.backoff = this.bytes.f32(at + 4)
    this.node = BigInt(word)
  }

  middle(orderMinus2: number, word: number): boolean {
    this.node = combineWordHash(this.node, word)
    const at = probingFind(this.bytes, this.middles[orderMinus2]!, this.node)
    if (at < 0) {
      this.independentLeft = true
      return false
    }
    const stored = this.bytes.f32(at + 8)
    this.prob = -Math.abs(stored)
    this.independentLeft = isSignSet(stored)
    this.backoff = this.bytes.f32(at + 12)
    return true
  }

  longest(word: number): boolean {
    const at = probingFind(this.bytes, this.longestTable, combineWordHash(this.node, word))
    if (at < 0) return false
    this.prob = this.bytes.f32(at + 8)
    return true
  }
}

/** Quantization tables of a trie (lm/quantize.hh SeparatelyQuantize): values by bin, per middle order and for the highest. */
export interface TrieQuant {
  probBits: number
  backoffBits: number
  middles: { prob: Float32Array; backoff: Float32Array }[]
  longest: Float32Array
}

/** One order's bit-packed entries (lm/trie.hh): word id, then the values, then (middle orders) the next order's first entry. */
export interface TrieLevel {
  /** Bit offset of entry 0 in the file. */
  bitStart: number
  wordBits: number
  totalBits: number
  entries: number
  /** Middle orders: bits of the inline part of the next pointer, and the next order's entry count. */
  nextBits: number
  nextEntries: number
  /** Array-compressed pointers (lm/bhiksha.hh ArrayBhiksha): the first entry whose pointer has each high part. */
  pointerOffsets?: Float64Array
}

/**
 * The trie layout (lm/search_trie.hh): unigrams as an array of (prob, backoff, first bigram); each
 * higher order's entries sorted by word within each parent's range, found by binary search (KenLM
 * interpolates, which finds the same entry since the words of a range are distinct and sorted).
 */
export class TrieCursor implements NgramCursor {
  prob = 0
  backoff = 0
  independentLeft = false
  private begin = 0
  private end = 0

  constructor(
    private readonly bytes: FileBytes,
    private readonly unigramStart: number,
    private readonly bigramEntries: number,
    private readonly middles: readonly TrieLevel[],
    private readonly longestLevel: TrieLevel,
    private readonly quant: TrieQuant | undefined,
    private readonly fail: Fail
  ) {}

  unigram(word: number): void {
    const at = this.unigramStart + word * 16
    this.prob = this.bytes.f32(at)
    this.backoff = this.bytes.f32(at + 4)
    this.setRange(this.bytes.u64(at + 8), this.bytes.u64(at + 24), this.bigramEntries)
  }

  middle(orderMinus2: number, word: number): boolean {
    const level = this.middles[orderMinus2]!
    const index = this.find(level, word)
    if (index < 0) {
      this.independentLeft = true
      return false
    }
    const at = level.bitStart + index * level.totalBits + level.wordBits
    let valueBits: number
    if (this.quant === undefined) {
      this.prob = nonPositiveFloat31(this.bytes.bits(at, 31))
      this.backoff = floatOfBits(this.bytes.bits(at + 31, 32))
      valueBits = 63
    } else {
      const { probBits, backoffBits } = this.quant
      const tables = this.quant.middles[orderMinus2]!
      this.backoff = tables.backoff[this.bytes.bits(at, backoffBits)]!
      this.prob = tables.prob[this.bytes.bits(at + backoffBits, probBits)]!
      valueBits = probBits + backoffBits
    }
    this.readNext(level, index, at + valueBits)
    return true
  }

  longest(word: number): boolean {
    const level = this.longestLevel
    const index = this.find(level, word)
    if (index < 0) return false
    const at = level.bitStart + index * level.totalBits + level.wordBits
    this.prob = this.quant === undefined ? nonPositiveFloat31(this.bytes.bits(at, 31)) : this.quant.longest[this.bytes.bits(at, this.quant.probBits)]!
    return true
  }

  private find(level: TrieLevel, word: number): number {
    let low = this.begin
    let high = this.end
    while (low < high) {
      const mid = Math.floor((low + high) / 2)
      const key = this.bytes.bits(level.bitStart + mid * level.totalBits, level.wordBits)
      if (key < word) low = mid + 1
      else if (key > word) high = mid
      else return mid
    }
    return -1
  }

  /** The next order's range of the entry `index`, whose pointer bits start at bit `at` (lm/bhiksha.hh ReadNext). */
  private readNext(level: TrieLevel, index: number, at: number): void {
    let begin = this.bytes.bits(at, level.nextBits)
    let end = this.bytes.bits(at + level.totalBits, level.nextBits)
    const offsets = level.pointerOffsets
    if (offsets !== undefined) {
      // offsets[0] is 0 (checked on load), so the entry's high part is found.
      const first = upperBound(offsets, index) - 1
      let last = first + 1
      while (last < offsets.length && offsets[last]! <= index + 1) last++
      last--
      begin += first * 2 ** level.nextBits
      end += last * 2 ** level.nextBits
    }
    this.setRange(begin, end, level.nextEntries)
  }

  private setRange(begin: number | undefined, end: number | undefined, entries: number): void {
    if (begin === undefined || end === undefined || begin > end || end > entries)
      this.fail(`an n-gram points to entries ${begin}..${end} of a table of ${entries}`)
    this.begin = begin
    this.end = end
    this.independentLeft = begin === end
  }
}

/** util/bit_packing.hh ReadNonPositiveFloat31: the 31 low bits of a float whose sign is always set. */
function nonPositiveFloat31(bits: number): number {
  return floatOfBits(bits + 0x80000000)
}

/** The index of the first value greater than `value` in a sorted array. */
function upperBound(values: Float64Array, value: number): number {
  let low = 0
  let high = values.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (values[mid]! <= value) low = mid + 1
    else high = mid
  }
  return low
}
