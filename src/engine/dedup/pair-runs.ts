import { randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { SieveError } from '../../shared/errors'
import { fileSource, type RunSource } from './key-runs'
import { mergeCursors } from './k-way-merge'

/** Pairs written at a time. */
const WRITE_PAIRS = 8192

/**
 * Writes a run of (row, target) pairs, each two float64 little-endian positions, in the order of
 * `rows` (ascending: the caller sorts them). The file is named as Sieve's temp files are, so a
 * killed job's runs are cleared when it resumes; nothing but the running step reads it.
 */
export function writePairRun(dir: string, rows: Float64Array, targetOf: (row: number) => number): string {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${randomBytes(8).toString('hex')}.part`)
  const out = new Float64Array(2 * Math.min(WRITE_PAIRS, rows.length))
  const fd = openSync(path, 'w')
  try {
    let n = 0
    const write = (): void => {
      writeSync(fd, new Uint8Array(out.buffer, 0, n * 16))
      n = 0
    }
    for (const row of rows) {
      out[2 * n] = row
      out[2 * n + 1] = targetOf(row)
      if (++n === WRITE_PAIRS) write()
    }
    if (n > 0) write()
  } finally {
    closeSync(fd)
  }
  return path
}

/** Reads a pair run in order, a buffer of pairs at a time. */
export class PairCursor {
  row = 0
  target = 0
  private readonly pairs: Float64Array
  private readonly bytes: Uint8Array
  private readonly source: RunSource
  private offset = 0
  private loaded = 0
  private at = 0

  constructor(path: string, bufferPairs: number) {
    this.source = fileSource(path)
    this.pairs = new Float64Array(2 * Math.max(1, bufferPairs))
    this.bytes = new Uint8Array(this.pairs.buffer)
  }

  /** Moves to the next pair; false at the end of the run. */
  advance(): boolean {
    if (this.at >= this.loaded) {
      const got = this.source.read(this.bytes, this.offset)
      if (got % 16 !== 0) throw new SieveError('UNREADABLE', `${this.source.name} ends inside a pair: it was cut short`)
      this.offset += got
      this.loaded = got / 8
      this.at = 0
      if (got === 0) return false
    }
    this.row = this.pairs[this.at]!
    this.target = this.pairs[this.at + 1]!
    this.at += 2
    return true
  }
}

/** Visits every pair of the runs, ordered by row and then by target. */
export function mergePairs(paths: string[], bufferPairs: number, visit: (row: number, target: number) => void): void {
  const before = (a: PairCursor, b: PairCursor): boolean => (a.row !== b.row ? a.row < b.row : a.target < b.target)
  mergeCursors(
    paths.map((path) => new PairCursor(path, bufferPairs)),
    before,
    (c) => visit(c.row, c.target)
  )
}
