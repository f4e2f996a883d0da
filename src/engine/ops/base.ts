import { Field, Utf8, type RecordBatch } from 'apache-arrow'
import type { OpInfo, OpParams } from '../../shared/ops'
import { SieveError } from '../../shared/errors'
import { readStat, readStrings, selectRows, takeRows, utf8ByteLength, utf8Data, withColumn, withStat, type StatKind } from './batch'

/** Model files by name (`en.sp.model`), each at its path in the model store. */
export type ModelPaths = Readonly<Record<string, string>>

export interface OpContext {
  /** The field the operator reads and writes: the recipe's first text key, as in Data-Juicer. */
  textKey: string
  /** The model files the operator declared, found in the model store; loaded into this thread by its `prepare`. */
  models?: ModelPaths
}

/** What an operator did, for the summary and the performance metrics. */
export interface OpCounters {
  rowsIn: number
  rowsOut: number
  textBytesIn: number
  millis: number
}

/** Rows a filter (or a global operator) dropped, with why, for rejected-row output and previews. */
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
 * The base of every operator: it owns timing and counters (`counted`), so an operator file holds
 * only what the operator itself computes. `P` is the operator's parameters as declared.
 */
export abstract class Operator<P extends OpParams = OpParams> {
  readonly counters: OpCounters = { rowsIn: 0, rowsOut: 0, textBytesIn: 0, millis: 0 }

  constructor(
    readonly info: OpInfo,
    readonly params: Readonly<P>,
    readonly context: OpContext
  ) {}

  get name(): string {
    return this.info.name
  }

  /**
   * Runs the operator on one batch, counting rows and time. The rows a filter drops are returned
   * only when `keepRejected` asks for them (previews, preserve_intermediate_data).
   */
  process(batch: RecordBatch, keepRejected = true): OpOutput {
    return this.counted(batch, () => this.apply(batch, keepRejected))
  }

  /** Runs one step of the operator over a batch, adding its time and rows to the counters. */
  protected counted<T extends { batch: RecordBatch }>(batch: RecordBatch, step: () => T): T {
    const started = performance.now()
    const output = step()
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

/**
 * Rewrites the text of each row. A mapper that returns several pieces for a text (a splitter)
 * makes one row of each piece, the other fields repeated.
 */
export abstract class Mapper<P extends OpParams = OpParams> extends Operator<P> {
  readonly kind = 'mapper'

  protected abstract processText(text: string): string | string[]

  protected apply(batch: RecordBatch): OpOutput {
    const field = new Field(this.context.textKey, new Utf8(), true)
    const out = this.texts(batch).map((t) => this.processText(t))
    if (out.every((t) => typeof t === 'string')) return { batch: withColumn(batch, field, utf8Data(out)) }
    const rows: number[] = []
    const pieces: string[] = []
    out.forEach((piece, i) => {
      for (const text of typeof piece === 'string' ? [piece] : piece) {
        rows.push(i)
        pieces.push(text)
      }
    })
    return { batch: withColumn(takeRows(batch, rows), field, utf8Data(pieces)) }
  }
}

/** Keeps or drops rows. A filter with a stat (`StatFilter`) also writes it; one that reads a field has none. */
export abstract class Filter<P extends OpParams = OpParams> extends Operator<P> {
  readonly kind = 'filter'

  /** The key under `__dj__stats__` the filter writes; none for a filter without a stat. */
  get statsKey(): string | undefined {
    return this.info.statsKey
  }

  /** Adds the filter's stat to every row that lacks it; a filter without a stat returns the batch as it is. */
  withStats(batch: RecordBatch): RecordBatch {
    return batch
  }
}

/**
 * A filter by a stat. The stat is computed apart from the decision and kept in `__dj__stats__`
 * under the operator's stats key; a row that already has it is not recomputed.
 */
export abstract class StatFilter<S extends number | string = number, P extends OpParams = OpParams> extends Filter<P> {
  protected abstract readonly statKind: StatKind
  protected abstract computeStat(text: string): S
  protected abstract keep(stat: S): boolean
  protected abstract reason(stat: S): string

  override get statsKey(): string {
    return this.info.statsKey!
  }

  override withStats(batch: RecordBatch): RecordBatch {
    return this.computeStats(batch).batch
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

/** The bounds a filter keeps its stat within: the values of its threshold parameters, null where one is empty or not declared. */
export function thresholdBounds(info: OpInfo, params: Readonly<OpParams>): { min: number | null; max: number | null } {
  const value = (name: string | undefined): number | null => {
    const v = name === undefined ? null : params[name]
    return typeof v === 'number' ? v : null
  }
  return { min: value(info.thresholds?.min), max: value(info.thresholds?.max) }
}

/**
 * A filter keeping rows whose stat is within its declared thresholds (`min_…` <= stat <= `max_…`,
 * an empty bound is no limit), and saying which bound a dropped row's stat is past.
 */
export abstract class RangeFilter<P extends OpParams = OpParams> extends StatFilter<number, P> {
  private readonly bounds = thresholdBounds(this.info, this.params)
  private readonly min = this.bounds.min ?? -Infinity
  private readonly max = this.bounds.max ?? Infinity

  protected keep(stat: number): boolean {
    return this.min <= stat && stat <= this.max
  }

  protected reason(stat: number): string {
    const { min, max } = this.info.thresholds!
    const shown = `${this.statsKey} ${this.formatStat(stat)}`
    return stat < this.min || max === undefined ? `${shown} < ${min} ${this.min}` : `${shown} > ${max} ${this.max}`
  }

  /** The stat as a dropped row's reason shows it. */
  protected formatStat(stat: number): string {
    return String(stat)
  }
}
