import { rmSync } from 'node:fs'
import type { DropSink } from './drop-sink'
import { mergePairs, writePairRun } from './pair-runs'
import { SparseUnionFind } from './sparse-union-find'

/** A chunk holds at least this many rows before it spills, so a tiny budget still makes progress. */
const MIN_CHUNK_ROWS = 64
/** Bytes a spilled chunk's rows take while they are sorted, per row. */
const SORT_BYTES_PER_ROW = 8

export interface ClusterOptions {
  /** Bytes the union-find may take, and a quarter as much for read buffers once it has spilled. */
  maxBytes: number
  /** Where chunks spill past `maxBytes`; none: nothing spills (a preview's one batch). */
  spillDir?: string
  /** Called after each round over spilled runs (a test's failpoint). */
  roundDone?: (round: number) => void
}

/**
 * The clusters of colliding rows, in bounded memory. Unions go to an in-memory union-find; when
 * it would pass `maxBytes` its rows spill as a run of (row, first row of its cluster) pairs
 * sorted by row, and a new chunk starts. Spilled runs are then merged in rounds, ordered by row
 * and then target: a row's smallest target t is united with the row and with each of its other
 * targets, into chunks that spill again. Each round keeps the rows connected as they were, and
 * while some row has two targets it strictly lowers the targets, so the rounds end; they end when
 * the merged chunks fit in memory at once, or when no row has two targets, for then every row
 * with a target is not the first of its cluster and every row without one is. Either way the
 * rows dropped are exactly those the whole union-find in memory would drop.
 */
export class SpillingClusters {
  private chunk = new SparseUnionFind()
  /** The runs of the round being built. */
  private runs: string[] = []
  private peak = 0
  private spills = 0
  private roundsDone = 0

  constructor(private readonly options: ClusterOptions) {}

  /** The most bytes the union-find took at once. */
  get peakBytes(): number {
    return Math.max(this.peak, this.chunk.bytes)
  }

  /** Runs spilled, over every round. */
  get spilled(): number {
    return this.spills
  }

  /** Rounds merged over spilled runs. */
  get rounds(): number {
    return this.roundsDone
  }

  union(a: number, b: number): void {
    const rows = this.chunk.size + 2
    if (
      this.options.spillDir !== undefined &&
      rows > MIN_CHUNK_ROWS &&
      this.chunk.bytesAt(rows) + SORT_BYTES_PER_ROW * rows > this.options.maxBytes
    ) {
      this.spill(this.options.spillDir)
    }
    this.chunk.union(a, b)
  }

  /** Adds every row that is not the first of its cluster to `drops`; the spilled runs are removed. */
  finish(drops: DropSink): void {
    const dir = this.options.spillDir
    if (this.runs.length === 0 || dir === undefined) {
      this.chunk.forEachNonRoot((row) => drops.add(row))
      return
    }
    this.spill(dir)
    let input: string[] = []
    try {
      for (;;) {
        input = this.runs
        this.runs = []
        const branched = this.round(input)
        this.roundsDone++
        if (this.runs.length === 0) {
          this.chunk.forEachNonRoot((row) => drops.add(row))
          return
        }
        if (!branched) {
          remove(this.runs)
          this.runs = []
          this.chunk = new SparseUnionFind()
          let last = -1
          mergePairs(input, this.bufferPairs(input.length), (row) => {
            if (row !== last) drops.add(row)
            last = row
          })
          return
        }
        this.spill(dir)
        remove(input)
        input = []
        this.options.roundDone?.(this.roundsDone)
      }
    } finally {
      remove(input)
      remove(this.runs)
    }
  }

  /** Unites each row's smallest target with the row and its other targets; true when some row has two. */
  private round(input: string[]): boolean {
    let branched = false
    let row = -1
    let first = -1
    let last = -1
    mergePairs(input, this.bufferPairs(input.length), (r, target) => {
      if (r !== row) {
        row = r
        first = target
        this.union(r, target)
      } else if (target !== last) {
        branched = true
        this.union(target, first)
      }
      last = target
    })
    return branched
  }

  /** Pairs each of `runs` cursors buffers: together a quarter of the union-find's bytes. */
  private bufferPairs(runs: number): number {
    return Math.max(64, Math.floor(this.options.maxBytes / 4 / runs / 16))
  }

  private spill(dir: string): void {
    this.peak = Math.max(this.peak, this.chunk.bytes)
    const rows = new Float64Array(this.chunk.size)
    let n = 0
    this.chunk.forEachNonRoot((row) => (rows[n++] = row))
    if (n > 0) {
      const chunk = this.chunk
      this.runs.push(writePairRun(dir, rows.subarray(0, n).sort(), (row) => chunk.rootOf(row)))
      this.spills++
    }
    this.chunk = new SparseUnionFind()
  }
}

function remove(paths: string[]): void {
  for (const path of paths) rmSync(path, { force: true })
}
