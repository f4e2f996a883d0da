import { DropSink } from './drop-sink'
import { readRunHeader, RunCursor, type KeyShape, type RunSource } from './key-runs'
import { mergeCursors } from './k-way-merge'
import { SpillingClusters } from './spilling-clusters'

/**
 * The most bytes one run's read buffer holds. The merge reads each run in order, so a larger
 * buffer only saves reads, while one buffer per partition would otherwise grow the decision's
 * memory with the number of documents up to its whole share of the budget.
 */
export const RUN_BUFFER_BYTES = 16 * 1024

/**
 * Unites the rows of one group of equal keys that are duplicates by their payloads (SimHash:
 * within the Hamming distance). `positions` are in input order; row i's payload is at
 * `payloads[i * payloadWords]`.
 */
export type GroupUniter = (payloads: Uint32Array, positions: Float64Array, size: number, unite: (a: number, b: number) => void) => void

export interface DecideOptions {
  /**
   * Bytes the decision may hold: a quarter for read buffers (RUN_BUFFER_BYTES a run at most), a
   * quarter for the positions to drop and half for the union-find of colliding rows, each
   * spilling past its share.
   */
  budgetBytes: number
  /** Where positions to drop and clusters spill past the budget; none: nothing spills. */
  spillDir?: string
  /** For a shape with payload words: which rows of a group are duplicates. Without it every row of a group is. */
  uniteGroup?: GroupUniter
  /** Called after each table is merged (a test's failpoint). */
  tableDone?: (table: number) => void
  /** Called after each round over the union-find's spilled runs (a test's failpoint). */
  clusterRoundDone?: (round: number) => void
}

export interface Decision {
  /** The positions to drop, over all partitions in order. */
  drops: DropSink
  /** Rows per partition, from the run files. */
  rows: number[]
  /** The most bytes the union-find took at once, the runs it spilled and the rounds that merged them. */
  unionFindBytes: number
  clusterSpills: number
  clusterRounds: number
}

/**
 * The global decision of a deduplicator from every partition's sorted runs, in partition order.
 * Each table is a streaming k-way merge of the partitions' runs, ordered by key and then by
 * position; only rows whose key equals the one before are acted on. With one table and no
 * payload a group's rows after its first are dropped at once; otherwise they are united in a
 * union-find holding colliding rows only, and every row that is not the first of its cluster is
 * dropped. Either way the row kept is the first in input order, whatever the partitioning. The
 * union-find spills past its share of the budget (spilling-clusters.ts) and decides the same.
 */
export function decideFromRuns(sources: RunSource[], shape: KeyShape, options: DecideOptions): Decision {
  const rows = sources.map((s) => readRunHeader(s, shape))
  const bases: number[] = []
  let total = 0
  for (const n of rows) {
    bases.push(total)
    total += n
  }
  const width = shape.keyWords + shape.payloadWords + 1
  const drops = new DropSink(Math.floor(options.budgetBytes / 4 / 8), options.spillDir)
  const clusters =
    shape.tables > 1 || shape.payloadWords > 0
      ? new SpillingClusters({
          maxBytes: options.budgetBytes / 2,
          ...(options.spillDir !== undefined ? { spillDir: options.spillDir } : {}),
          ...(options.clusterRoundDone !== undefined ? { roundDone: options.clusterRoundDone } : {})
        })
      : undefined
  const live = sources.flatMap((source, p) => (rows[p]! > 0 ? [{ source, p }] : []))
  const bufferBytes = Math.min(RUN_BUFFER_BYTES, options.budgetBytes / 4 / Math.max(1, live.length))
  const bufferRecords = Math.max(16, Math.floor(bufferBytes / (width * 4)))
  const group = new Group(shape, options.uniteGroup)
  for (let t = 0; t < shape.tables; t++) {
    const cursors = live.map(({ source, p }) => new RunCursor(source, shape, rows[p]!, t, bases[p]!, bufferRecords))
    mergeTable(cursors, shape, (cursor) => {
      const position = cursor.position
      if (!group.continuedBy(cursor)) {
        group.close(clusters)
        group.open(cursor, position)
      } else if (shape.payloadWords > 0) group.push(cursor, position)
      else if (clusters !== undefined) clusters.union(group.first, position)
      else drops.add(position)
    })
    group.close(clusters)
    options.tableDone?.(t)
  }
  clusters?.finish(drops)
  return { drops, rows, unionFindBytes: clusters?.peakBytes ?? 0, clusterSpills: clusters?.spilled ?? 0, clusterRounds: clusters?.rounds ?? 0 }
}

/** The group of equal keys the merge is in: its key, its first row and, for a payload shape, its rows. */
class Group {
  private readonly key: Uint32Array
  first = -1
  private size = 0
  private positions = new Float64Array(16)
  private payloads: Uint32Array

  constructor(
    private readonly shape: KeyShape,
    private readonly uniteGroup: GroupUniter | undefined
  ) {
    this.key = new Uint32Array(shape.keyWords)
    this.payloads = new Uint32Array(16 * shape.payloadWords)
  }

  continuedBy(cursor: RunCursor): boolean {
    if (this.size === 0) return false
    for (let w = 0; w < this.key.length; w++) if (cursor.records[cursor.at + w] !== this.key[w]) return false
    return true
  }

  open(cursor: RunCursor, position: number): void {
    this.key.set(cursor.records.subarray(cursor.at, cursor.at + this.key.length))
    this.first = position
    this.size = 0
    this.push(cursor, position)
  }

  push(cursor: RunCursor, position: number): void {
    const pw = this.shape.payloadWords
    if (pw === 0) {
      this.size++
      return
    }
    if (this.size === this.positions.length) {
      const positions = new Float64Array(this.size * 2)
      positions.set(this.positions)
      this.positions = positions
      const payloads = new Uint32Array(this.size * 2 * pw)
      payloads.set(this.payloads)
      this.payloads = payloads
    }
    const from = cursor.at + this.shape.keyWords
    this.payloads.set(cursor.records.subarray(from, from + pw), this.size * pw)
    this.positions[this.size++] = position
  }

  close(clusters: SpillingClusters | undefined): void {
    if (this.size > 1 && this.shape.payloadWords > 0 && clusters !== undefined) {
      const unite = (a: number, b: number): void => clusters.union(a, b)
      if (this.uniteGroup !== undefined) this.uniteGroup(this.payloads, this.positions, this.size, unite)
      else for (let i = 1; i < this.size; i++) unite(this.positions[0]!, this.positions[i]!)
    }
    this.size = 0
  }
}

/** Visits every record of one table over all cursors, ordered by key and then by position. */
export function mergeTable(cursors: RunCursor[], shape: KeyShape, visit: (cursor: RunCursor) => void): void {
  const kw = shape.keyWords
  const before = (a: RunCursor, b: RunCursor): boolean => {
    for (let w = 0; w < kw; w++) {
      const x = a.records[a.at + w]!
      const y = b.records[b.at + w]!
      if (x !== y) return x < y
    }
    return a.position < b.position
  }
  mergeCursors(cursors, before, visit)
}
