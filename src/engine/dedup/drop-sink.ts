import { randomBytes } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileSource, type RunSource } from './key-runs'

/** Positions read back from a spill at a time, per spill. */
const SPILL_READ = 8192

/**
 * Collects the positions to drop, in any order, and gives them back sorted and without repeats.
 * At most `capacity` positions stay in memory: past that they are sorted and spilled to a file
 * under `spillDir` (named as Sieve's temp files are, so a killed job's spills are cleared), and
 * the spills are merged at the end. Without a spill folder nothing spills (a preview's one batch).
 */
export class DropSink {
  private buffer: Float64Array
  private count = 0
  private readonly spills: string[] = []

  constructor(
    private readonly capacity: number,
    private readonly spillDir?: string
  ) {
    this.buffer = new Float64Array(spillDir === undefined ? 1024 : Math.max(1, Math.min(1024, capacity)))
  }

  /** Files spilled so far. */
  get spilled(): number {
    return this.spills.length
  }

  add(position: number): void {
    if (this.count === this.buffer.length) {
      if (this.spillDir !== undefined && this.count >= this.capacity) this.spill(this.spillDir)
      else {
        const grown = new Float64Array(this.spillDir === undefined ? this.count * 2 : Math.min(this.count * 2, Math.max(this.capacity, 1)))
        grown.set(this.buffer)
        this.buffer = grown
      }
    }
    this.buffer[this.count++] = position
  }

  /** Every position added, ascending, once each, a chunk at a time; the spills are removed once read. */
  *sorted(): Generator<Float64Array> {
    const held = this.buffer.subarray(0, this.count).sort()
    if (this.spills.length === 0) {
      yield unique(held)
      return
    }
    try {
      yield* mergeSorted([...this.spills.map((path) => fileCursor(fileSource(path))), arrayCursor(held)])
    } finally {
      for (const path of this.spills) rmSync(path, { force: true })
    }
  }

  private spill(dir: string): void {
    mkdirSync(dir, { recursive: true })
    const path = join(dir, `${randomBytes(8).toString('hex')}.part`)
    const run = unique(this.buffer.subarray(0, this.count).sort())
    writeFileSync(path, new Uint8Array(run.buffer, run.byteOffset, run.byteLength))
    this.spills.push(path)
    this.count = 0
  }
}

/** A sorted array without its repeats (in place). */
function unique(sorted: Float64Array): Float64Array {
  let n = 0
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!
  return sorted.subarray(0, n)
}

interface Cursor {
  /** The current value; undefined at the end. */
  value: number | undefined
  advance(): void
}

function arrayCursor(values: Float64Array): Cursor {
  let i = 0
  const cursor: Cursor = {
    value: values[0],
    advance() {
      cursor.value = ++i < values.length ? values[i] : undefined
    }
  }
  return cursor
}

function fileCursor(source: RunSource): Cursor {
  const chunk = new Float64Array(SPILL_READ)
  const bytes = new Uint8Array(chunk.buffer)
  let offset = 0
  let loaded = 0
  let i = 0
  const load = (): void => {
    loaded = source.read(bytes, offset) / 8
    offset += loaded * 8
    i = 0
  }
  load()
  const cursor: Cursor = {
    value: loaded > 0 ? chunk[0] : undefined,
    advance() {
      if (++i >= loaded) load()
      cursor.value = i < loaded ? chunk[i] : undefined
    }
  }
  return cursor
}

/** The k-way merge of sorted cursors, repeats dropped, in chunks. */
function* mergeSorted(cursors: Cursor[]): Generator<Float64Array> {
  const out = new Float64Array(SPILL_READ)
  let n = 0
  let last = -1
  const live = cursors.filter((c) => c.value !== undefined)
  // Few spills: a linear scan for the smallest costs less than a heap's bookkeeping.
  while (live.length > 0) {
    let min = 0
    for (let c = 1; c < live.length; c++) if (live[c]!.value! < live[min]!.value!) min = c
    const value = live[min]!.value!
    live[min]!.advance()
    if (live[min]!.value === undefined) live.splice(min, 1)
    if (value === last) continue
    last = value
    out[n++] = value
    if (n === out.length) {
      yield out.slice()
      n = 0
    }
  }
  if (n > 0) yield out.slice(0, n)
}
