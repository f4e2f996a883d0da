import { closeSync, openSync, readSync } from 'node:fs'
import { SieveError } from '../../shared/errors'
import { PARTIAL_MAGIC, type PartialHeader } from './partial'

/** Values read from a run at once: 128 KB per partition, however long its runs. */
const CHUNK_VALUES = 16 * 1024

/** A partition's partial file, opened: its header, and its sorted runs read a chunk at a time. */
export class PartialFile {
  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly header: PartialHeader,
    private readonly dataStart: number
  ) {}

  static open(path: string): PartialFile {
    const fd = openSync(path, 'r')
    try {
      const head = Buffer.alloc(8)
      readSync(fd, head, 0, 8, 0)
      if (head.readUInt32LE(0) !== PARTIAL_MAGIC) throw new SieveError('UNREADABLE', `${path} is not an analysis partial (its first word is wrong)`)
      const length = head.readUInt32LE(4)
      const json = Buffer.alloc(length)
      readSync(fd, json, 0, length, 8)
      const header = JSON.parse(json.toString('utf8')) as PartialHeader
      return new PartialFile(path, fd, header, Math.ceil((8 + length) / 8) * 8)
    } catch (err) {
      closeSync(fd)
      throw err
    }
  }

  /** The run of `length` values at `offset`, read in chunks. */
  run(offset: number, length: number): RunReader {
    return new RunReader((from, into) => {
      const bytes = Buffer.from(into.buffer, into.byteOffset, into.byteLength)
      readSync(this.fd, bytes, 0, bytes.byteLength, this.dataStart + (offset + from) * 8)
    }, length)
  }

  close(): void {
    closeSync(this.fd)
  }
}

/** A sorted run, one value at a time, holding one chunk. */
export class RunReader {
  private chunk = new Float64Array(0)
  private chunkStart = 0
  private at = 0

  constructor(
    private readonly read: (from: number, into: Float64Array) => void,
    readonly length: number
  ) {}

  get done(): boolean {
    return this.at >= this.length
  }

  /** The current value (the run must not be done). */
  get value(): number {
    if (this.at >= this.chunkStart + this.chunk.length) {
      this.chunkStart = this.at
      this.chunk = new Float64Array(Math.min(CHUNK_VALUES, this.length - this.at))
      this.read(this.at, this.chunk)
    }
    return this.chunk[this.at - this.chunkStart]!
  }

  next(): void {
    this.at++
  }
}

/** The runs' values in ascending order, a buffer at a time: a k-way merge over a binary heap of the runs' heads. */
export class RunMerger {
  private readonly runs: RunReader[]
  private readonly heads: Float64Array

  constructor(runs: RunReader[]) {
    this.runs = runs.filter((r) => !r.done)
    this.heads = Float64Array.from(this.runs, (r) => r.value)
    for (let i = (this.runs.length >> 1) - 1; i >= 0; i--) this.down(i)
  }

  /** Fills `into` with the next values and says how many it wrote: fewer than it holds only at the end, 0 once every run is done. */
  fill(into: Float64Array): number {
    const { runs, heads } = this
    let n = 0
    while (n < into.length && runs.length > 0) {
      const top = runs[0]!
      into[n++] = heads[0]!
      top.next()
      if (top.done) {
        const lastRun = runs.pop()!
        if (runs.length === 0) break
        runs[0] = lastRun
        heads[0] = heads[runs.length]!
      } else heads[0] = top.value
      this.down(0)
    }
    return n
  }

  private down(i: number): void {
    const { runs, heads } = this
    const size = runs.length
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < size && heads[l]! < heads[m]!) m = l
      if (r < size && heads[r]! < heads[m]!) m = r
      if (m === i) return
      const run = runs[i]!
      runs[i] = runs[m]!
      runs[m] = run
      const head = heads[i]!
      heads[i] = heads[m]!
      heads[m] = head
      i = m
    }
  }
}
