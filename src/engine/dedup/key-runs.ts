import { closeSync, openSync, readSync } from 'node:fs'
import { SieveError } from '../../shared/errors'

/**
 * The keys a deduplicator compares, as fixed-width records of 32-bit words: one key per row in
 * each table (one table for exact dedup, one per LSH band or SimHash block combination), and
 * beside it words carried along but not compared (SimHash's whole hash, to check the distance).
 */
export interface KeyShape {
  tables: number
  keyWords: number
  payloadWords: number
}

/** 'SKR1' read as a little-endian word: the first word of a key-run file. */
const MAGIC = 0x31524b53
const VERSION = 1
export const HEADER_WORDS = 8
/** Below this many rows a comparison sort beats the passes of a radix sort. */
const RADIX_FROM = 2048

/** Words of one record: the key, its payload, and the row's position in its partition. */
export function recordWords(shape: KeyShape): number {
  return shape.keyWords + shape.payloadWords + 1
}

function sameShape(a: KeyShape, b: KeyShape): boolean {
  return a.tables === b.tables && a.keyWords === b.keyWords && a.payloadWords === b.payloadWords
}

/**
 * One partition's keys, row by row in input order, encoded as sorted runs: a header, then for
 * each table every row's record sorted by key (words compared as unsigned integers, first word
 * first) and, between equal keys, by position. The sort is stable over input order, so a tie keeps
 * the earlier row first.
 */
export class KeyRunBuilder {
  private words: Uint32Array
  private count = 0
  private readonly rowWords: number

  constructor(readonly shape: KeyShape) {
    this.rowWords = shape.tables * (shape.keyWords + shape.payloadWords)
    this.words = new Uint32Array(Math.max(1, this.rowWords) * 1024)
  }

  get rows(): number {
    return this.count
  }

  /** Room for the next row's records (every table's key and payload, table by table): the array and where they start. */
  nextRow(): { words: Uint32Array; at: number } {
    const at = this.count * this.rowWords
    if (at + this.rowWords > this.words.length) {
      const grown = new Uint32Array(Math.max(this.words.length * 2, at + this.rowWords))
      grown.set(this.words)
      this.words = grown
    }
    this.count++
    return { words: this.words, at }
  }

  /** The run file's bytes (little-endian words). */
  encode(): Uint8Array {
    const { tables, keyWords, payloadWords } = this.shape
    const n = this.count
    const width = recordWords(this.shape)
    const out = new Uint32Array(HEADER_WORDS + tables * n * width)
    out.set([MAGIC, VERSION, tables, keyWords, payloadWords, n, 0, 0])
    const keys = new Uint32Array(n * keyWords)
    for (let t = 0; t < tables; t++) {
      const first = t * (keyWords + payloadWords)
      for (let r = 0; r < n; r++) keys.set(this.words.subarray(r * this.rowWords + first, r * this.rowWords + first + keyWords), r * keyWords)
      const order = sortedRows(keys, n, keyWords)
      let w = HEADER_WORDS + t * n * width
      for (let i = 0; i < n; i++) {
        const r = order[i]!
        const from = r * this.rowWords + first
        out.set(this.words.subarray(from, from + keyWords + payloadWords), w)
        out[w + keyWords + payloadWords] = r
        w += width
      }
    }
    return new Uint8Array(out.buffer)
  }
}

/** Row numbers ordered by key (n keys of `keyWords` words each), ties in row order. */
export function sortedRows(keys: Uint32Array, n: number, keyWords: number): Uint32Array {
  let order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  if (n < RADIX_FROM) {
    return order.sort((a, b) => {
      for (let w = 0; w < keyWords; w++) {
        const d = keys[a * keyWords + w]! - keys[b * keyWords + w]!
        if (d !== 0) return d
      }
      return a - b
    })
  }
  // Least significant digit first, 16 bits at a time: each pass is stable, so the last orders by the first word and ties stay in row order.
  let spare = new Uint32Array(n)
  const counts = new Uint32Array(65537)
  for (let w = keyWords - 1; w >= 0; w--) {
    for (const shift of [0, 16]) {
      counts.fill(0)
      for (let i = 0; i < n; i++) counts[((keys[i * keyWords + w]! >>> shift) & 0xffff) + 1]!++
      // A digit every key shares orders nothing.
      if (counts.some((c) => c === n)) continue
      for (let d = 1; d < counts.length; d++) counts[d]! += counts[d - 1]!
      for (let i = 0; i < n; i++) {
        const r = order[i]!
        spare[counts[(keys[r * keyWords + w]! >>> shift) & 0xffff]!++] = r
      }
      ;[order, spare] = [spare, order]
    }
  }
  return order
}

/** Where a run file's bytes are read from: a file on disk, or bytes in memory (a preview's one batch). */
export interface RunSource {
  /** Reads into `into` from byte `position`; returns the bytes read. */
  read(into: Uint8Array, position: number): number
  /** For messages. */
  readonly name: string
}

export function memorySource(bytes: Uint8Array, name = 'keys in memory'): RunSource {
  return {
    name,
    read(into, position) {
      const part = bytes.subarray(position, position + into.byteLength)
      into.set(part)
      return part.byteLength
    }
  }
}

/**
 * A file read a buffer at a time, opened for each read: a merge over thousands of partitions
 * holds no file descriptors between reads, so it never runs into the process's limit.
 */
export function fileSource(path: string): RunSource {
  return {
    name: path,
    read(into, position) {
      const fd = openSync(path, 'r')
      try {
        let got = 0
        while (got < into.byteLength) {
          const n = readSync(fd, into, got, into.byteLength - got, position + got)
          if (n === 0) break
          got += n
        }
        return got
      } finally {
        closeSync(fd)
      }
    }
  }
}

/** A run file's header: its shape and row count, checked against the shape the operator expects. */
export function readRunHeader(source: RunSource, expected: KeyShape): number {
  const header = new Uint32Array(HEADER_WORDS)
  const got = source.read(new Uint8Array(header.buffer), 0)
  const shape = { tables: header[2]!, keyWords: header[3]!, payloadWords: header[4]! }
  if (got !== HEADER_WORDS * 4 || header[0] !== MAGIC || header[1] !== VERSION) {
    throw new SieveError('UNREADABLE', `${source.name} is not a Sieve key-run file`)
  }
  if (!sameShape(shape, expected)) {
    throw new SieveError('UNREADABLE', `${source.name} holds keys of another shape than the operator makes: it was written by another recipe`)
  }
  return header[5]!
}

/**
 * Reads one table of one run file in order, a buffer of records at a time. `base` is the
 * partition's first row over the whole dataset, so `position` is the row's place in input order.
 */
export class RunCursor {
  readonly records: Uint32Array
  /** The current record's first word in `records`. */
  at = 0
  private loaded = 0
  private next: number
  private readonly end: number
  private readonly width: number
  private readonly bytes: Uint8Array

  constructor(
    private readonly source: RunSource,
    shape: KeyShape,
    rows: number,
    table: number,
    readonly base: number,
    bufferRecords: number
  ) {
    this.width = recordWords(shape)
    const sectionBytes = rows * this.width * 4
    this.next = HEADER_WORDS * 4 + table * sectionBytes
    this.end = this.next + sectionBytes
    this.records = new Uint32Array(Math.max(1, Math.min(bufferRecords, rows)) * this.width)
    this.bytes = new Uint8Array(this.records.buffer)
  }

  /** Moves to the next record; false at the end of the table. */
  advance(): boolean {
    this.at += this.width
    if (this.at < this.loaded) return true
    if (this.next >= this.end) return false
    const want = Math.min(this.bytes.byteLength, this.end - this.next)
    const got = this.source.read(this.bytes.subarray(0, want), this.next)
    if (got !== want) throw new SieveError('UNREADABLE', `${this.source.name} ends before its keys do`)
    this.next += got
    this.loaded = got / 4
    this.at = 0
    return true
  }

  get position(): number {
    return this.base + this.records[this.at + this.width - 1]!
  }
}
