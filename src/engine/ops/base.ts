import { Field, Utf8, type RecordBatch } from 'apache-arrow'
import type { OpInfo, OpKind, OpParams } from '../../shared/ops'
import { SieveError } from '../../shared/errors'
import { readStat, readStrings, selectRows, utf8ByteLength, utf8Data, withColumn, withStat, type StatKind } from './batch'

export interface OpContext {
  /** The field the operator reads and writes: the recipe's first text key, as in Data-Juicer. */
  textKey: string
}

/** What an operator did, for the summary and the performance metrics. */
export interface OpCounters {
  rowsIn: number
  rowsOut: number
  textBytesIn: number
  millis: number
}

/** Rows a filter (or selector) dropped, with why, for rejected-row output and previews. */
export interface Rejected {
  batch: RecordBatch
  reasons: string[]
}

export interface OpOutput {
  batch: RecordBatch
  rejected?: Rejected
  /** Filters: 1 for each input row kept, so a checkpoint can record the choice instead of the rows. */
  kept?: Uint8Array
}

/** A JavaScript regular expression from an operator's parameter; a bad one is that parameter's error. */
export function paramRegExp(op: string, param: string, pattern: string, flags: string): RegExp {
  try {
    return new RegExp(pattern, flags)
  } catch (err) {
    throw new SieveError('BAD_REQUEST', `${op}: '${param}' is not a valid regular expression: ${(err as Error).message}.`, { op, param })
  }
}

/**
 * The base of every operator: it owns timing and counters, so an operator file holds only
 * what the operator itself computes.
 */
export abstract class Operator {
  readonly counters: OpCounters = { rowsIn: 0, rowsOut: 0, textBytesIn: 0, millis: 0 }

  constructor(
    readonly info: OpInfo,
    readonly params: OpParams,
    readonly context: OpContext
  ) {}

  get name(): string {
    return this.info.name
  }

  get kind(): OpKind {
    return this.info.kind
  }

  /**
   * Runs the operator on one batch, counting rows and time. The rows a filter drops are returned
   * only when `keepRejected` asks for them (previews, preserve_intermediate_data).
   */
  process(batch: RecordBatch, keepRejected = true): OpOutput {
    const started = performance.now()
    const output = this.apply(batch, keepRejected)
    this.counters.millis += performance.now() - started
    this.counters.rowsIn += batch.numRows
    this.counters.rowsOut += output.batch.numRows
    return output
  }

  protected texts(batch: RecordBatch): string[] {
    this.counters.textBytesIn += utf8ByteLength(batch, this.context.textKey)
    return readStrings(batch, this.context.textKey).map((v) => v ?? '')
  }

  protected abstract apply(batch: RecordBatch, keepRejected: boolean): OpOutput
}

/** Rewrites the text of each row. */
export abstract class Mapper extends Operator {
  protected abstract processText(text: string): string

  protected apply(batch: RecordBatch): OpOutput {
    const out = this.texts(batch).map((t) => this.processText(t))
    return { batch: withColumn(batch, new Field(this.context.textKey, new Utf8(), true), utf8Data(out)) }
  }
}

/**
 * Keeps or drops rows by a stat. The stat is computed apart from the decision and kept in
 * `__dj__stats__` under the operator's stats key; a row that already has it is not recomputed.
 */
export abstract class Filter<S extends number | string = number> extends Operator {
  protected abstract readonly statKind: StatKind
  protected abstract computeStat(text: string): S
  protected abstract keep(stat: S): boolean
  protected abstract reason(stat: S): string

  get statsKey(): string {
    return this.info.statsKey!
  }

  /** Adds the stat to every row that lacks it; returns the batch and every row's stat. */
  computeStats(batch: RecordBatch): { batch: RecordBatch; stats: S[] } {
    const existing = readStat(batch, this.statsKey)
    if (existing !== undefined && existing.every((s) => s !== null)) return { batch, stats: existing as S[] }
    const texts = this.texts(batch)
    const stats = texts.map((text, i) => {
      const known = existing?.[i]
      return known !== undefined && known !== null ? (known as S) : this.computeStat(text)
    })
    return { batch: withStat(batch, this.statsKey, this.statKind, stats), stats }
  }

  /** The keep decision for each row, from its stat. */
  decide(stats: S[]): { keep: Uint8Array; reasons: (string | null)[] } {
    const keep = new Uint8Array(stats.length)
    const reasons: (string | null)[] = new Array(stats.length).fill(null)
    stats.forEach((stat, i) => {
      if (this.keep(stat)) keep[i] = 1
      else reasons[i] = this.reason(stat)
    })
    return { keep, reasons }
  }

  protected apply(batch: RecordBatch, keepRejected: boolean): OpOutput {
    const { batch: withStats, stats } = this.computeStats(batch)
    const { keep, reasons } = this.decide(stats)
    const kept = selectRows(withStats, keep)
    if (!keepRejected) return { batch: kept, kept: keep }
    const dropped = keep.map((k) => 1 - k)
    return { batch: kept, kept: keep, rejected: { batch: selectRows(withStats, dropped), reasons: reasons.filter((r): r is string => r !== null) } }
  }
}

export interface DuplicateFinder {
  add(keys: readonly (string | null)[]): void
  finish(): number[]
}

/** The column where a deduplicator keeps each row's key between its two stages. */
export const HASH_COLUMN = '__dj__hash'

/**
 * Finds duplicates across the whole dataset. Per partition it computes a key for each row
 * (`computeKeys`); one global step then walks every key in input order and names the rows to
 * drop (`findDuplicates`: the engine's stage cut); `apply` does both within one batch, for previews.
 * The default decision keeps the first row of each exact key.
 */
export abstract class Deduplicator extends Operator {
  /** Why a row the global decision drops is dropped, in previews and rejected-row output. */
  readonly dropReason: string = 'duplicate of an earlier row'

  protected abstract key(text: string): string

  computeKeys(batch: RecordBatch): RecordBatch {
    const keys = this.texts(batch).map((t) => this.key(t))
    return withColumn(batch, new Field(HASH_COLUMN, new Utf8(), false), utf8Data(keys))
  }

  /**
   * The global decision, fed every row's key in input order, a batch at a time; `finish` names
   * the positions of the rows that duplicate an earlier one. Only keys are held, never texts.
   */
  duplicateFinder(): DuplicateFinder {
    const seen = new Set<string>()
    const drop: number[] = []
    let position = 0
    return {
      add(keys) {
        for (const key of keys) {
          // 16 bytes per hex MD5 key in the set instead of 32 characters.
          const compact = key === null ? '' : /^[0-9a-f]{32}$/.test(key) ? Buffer.from(key, 'hex').toString('latin1') : key
          if (seen.has(compact)) drop.push(position)
          else seen.add(compact)
          position++
        }
      },
      finish: () => drop
    }
  }

  protected apply(batch: RecordBatch, keepRejected: boolean): OpOutput {
    const dropped = new Uint8Array(batch.numRows)
    const finder = this.duplicateFinder()
    finder.add(readStrings(this.computeKeys(batch), HASH_COLUMN))
    for (const i of finder.finish()) dropped[i] = 1
    const keep = dropped.map((d) => 1 - d)
    if (!keepRejected) return { batch: selectRows(batch, keep) }
    const rejectedBatch = selectRows(batch, dropped)
    return {
      batch: selectRows(batch, keep),
      rejected: { batch: rejectedBatch, reasons: new Array<string>(rejectedBatch.numRows).fill(this.dropReason) }
    }
  }
}

/**
 * Keeps a subset of the whole dataset chosen over all rows (a sample, the top k). It runs in the
 * engine like a deduplicator, but the rows it drops are not selected rather than duplicates.
 */
export abstract class Selector extends Deduplicator {
  override readonly dropReason: string = 'not selected'
}
