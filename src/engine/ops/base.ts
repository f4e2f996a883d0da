import { Field, Utf8, type RecordBatch } from 'apache-arrow'
import { innerRange, keepsValue, rangeModeOf, type OpInfo, type OpParams, type RangeMode } from '../../shared/ops'
import { SieveError } from '../../shared/errors'
import { concatBatches, readStat, readStrings, selectRows, takeRows, utf8ByteLength, utf8Data, withColumn, withStat, type StatKind } from './batch'

/** Model files by name (`en.sp.model`), each at its path in the model store. */
export type ModelPaths = Readonly<Record<string, string>>

export interface OpContext {
  /** The field the operator reads and writes: its `text_key`, or the recipe's first text key, as in Data-Juicer. */
  textKey: string
  /** Rows the operator takes at once (its `batch_size`); unset: the whole batch it is given. */
  batchSize?: number
  /** A row that makes the operator throw becomes a bad record (`OpOutput.errors`) instead of failing the batch. */
  skipOpError?: boolean
  /** A filter with thresholds: how it reads them (min_closed_interval, max_closed_interval, reversed_range); unset: Data-Juicer's defaults. */
  range?: RangeMode
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
  /** With skip_op_error: the input rows that made the operator throw, with the error of each. */
  errors?: Rejected
  /** With `errors`: 1 for each input row that made the operator throw, so the other rows pair with the output's. */
  failed?: Uint8Array
}

/** An error that says the recipe is wrong (a missing field, a bad setting), not the row: skip_op_error does not hide it. */
function isRecipeError(err: unknown): boolean {
  return err instanceof SieveError && err.code === 'BAD_REQUEST'
}

/** The outputs of consecutive slices of one batch, as the output of the whole batch. */
function mergeOutputs(slices: { output: OpOutput; rows: number }[]): OpOutput {
  if (slices.length === 1) return slices[0]!.output
  const parts = slices.map((s) => s.output)
  const merged: OpOutput = { batch: concatBatches(parts.map((p) => p.batch)) }
  const together = (pick: (o: OpOutput) => Rejected | undefined): Rejected | undefined => {
    const some = parts.map(pick).filter((r): r is Rejected => r !== undefined)
    if (some.length === 0) return undefined
    return { batch: concatBatches(some.map((r) => r.batch)), reasons: some.flatMap((r) => r.reasons) }
  }
  const rejected = together((p) => p.rejected)
  const errors = together((p) => p.errors)
  if (rejected !== undefined) merged.rejected = rejected
  if (errors !== undefined) merged.errors = errors
  if (parts.some((p) => p.failed !== undefined)) merged.failed = concatMarks(slices, (o) => o.failed)
  // A part that failed as a whole kept none of its rows; the others say which they kept.
  if (parts.some((p) => p.kept !== undefined)) merged.kept = concatMarks(slices, (o) => o.kept)
  return merged
}

/** One mark per row of consecutive slices: each slice's own marks, 0 for a slice without. */
function concatMarks(slices: { output: OpOutput; rows: number }[], pick: (o: OpOutput) => Uint8Array | undefined): Uint8Array {
  const marks = new Uint8Array(slices.reduce((n, s) => n + s.rows, 0))
  let at = 0
  for (const { output, rows } of slices) {
    const own = pick(output)
    if (own !== undefined) marks.set(own, at)
    at += rows
  }
  return marks
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
    return this.counted(batch, () => this.applyInBatches(batch, keepRejected))
  }

  /** The operator over slices of at most its `batch_size` rows, as Data-Juicer batches an operator. */
  private applyInBatches(batch: RecordBatch, keepRejected: boolean): OpOutput {
    const size = this.context.batchSize
    if (size === undefined || batch.numRows <= size) return this.applyGuarded(batch, keepRejected)
    const parts: { output: OpOutput; rows: number }[] = []
    for (let at = 0; at < batch.numRows; at += size) {
      const slice = batch.slice(at, Math.min(batch.numRows, at + size))
      parts.push({ output: this.applyGuarded(slice, keepRejected), rows: slice.numRows })
    }
    return mergeOutputs(parts)
  }

  /**
   * With skip_op_error, a batch that makes the operator throw is halved until the rows that throw
   * are found: each becomes a bad record with its error, the other rows go on as usual.
   */
  private applyGuarded(batch: RecordBatch, keepRejected: boolean): OpOutput {
    if (this.context.skipOpError !== true) return this.apply(batch, keepRejected)
    try {
      return this.apply(batch, keepRejected)
    } catch (err) {
      if (isRecipeError(err) || batch.numRows === 0) throw err
      if (batch.numRows === 1) {
        const message = err instanceof Error ? err.message : String(err)
        const reason = `${this.name} failed on this row: ${message.startsWith(`${this.name}: `) ? message.slice(this.name.length + 2) : message}`
        return {
          batch: batch.slice(0, 0),
          errors: { batch, reasons: [reason] },
          failed: new Uint8Array([1]),
          ...(this.kind === 'filter' ? { kept: new Uint8Array(1) } : {})
        }
      }
      const half = Math.ceil(batch.numRows / 2)
      const first = batch.slice(0, half)
      const second = batch.slice(half, batch.numRows)
      return mergeOutputs([
        { output: this.applyGuarded(first, keepRejected), rows: first.numRows },
        { output: this.applyGuarded(second, keepRejected), rows: second.numRows }
      ])
    }
  }

  /** Which kind of operator this is; each kind's base class says. */
  abstract readonly kind: 'mapper' | 'filter' | 'deduplicator' | 'selector'

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
    if (!batch.schema.fields.some((f) => f.name === this.context.textKey)) {
      throw new SieveError(
        'BAD_REQUEST',
        `${this.name}: the dataset has no text field '${this.context.textKey}' (its fields: ${batch.schema.fields.map((f) => f.name).join(', ')}). ${
          this.params.text_key === this.context.textKey
            ? `It is ${this.name}'s own text_key: set that text_key to the field that holds the text, or remove it to use the recipe's text_keys.`
            : "Set the recipe's text_keys (or the operator's text_key) to the field that holds the text."
        }`,
        { op: this.name, field: this.context.textKey }
      )
    }
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
    const out = this.texts(batch).map((t) => this.checkedPieces(this.processText(t)))
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

  /** What processText returned, refused when it is not text (a custom operator's mistake), naming the rule and the module. */
  private checkedPieces(out: unknown): string | string[] {
    if (typeof out === 'string' || (Array.isArray(out) && out.every((p) => typeof p === 'string'))) return out as string | string[]
    const source = this.info.source !== undefined ? ` (${this.info.source})` : ''
    const got = Array.isArray(out) ? `a list holding ${describeValue(out.find((p) => typeof p !== 'string'))}` : describeValue(out)
    throw new SieveError(
      'BAD_REQUEST',
      `${this.name}${source}: processText must return a string (or a list of strings, to split the row into one row each); it returned ${got}.`,
      { op: this.name }
    )
  }
}

/** A value a mapper returned, as an error names it: its type and, when short, the value. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  const shown = typeof value === 'object' ? JSON.stringify(value) : String(value)
  const kind = Array.isArray(value) ? 'list' : typeof value
  return shown !== undefined && shown.length <= 40 ? `the ${kind} ${shown}` : `a ${kind}`
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

/** A bound as a reason shows it: its parameter's name (or the field's, for a filter by a field's value) and value. */
export interface NamedBound {
  name: string
  value: number | null
}

/**
 * Why a filter with thresholds dropped a value, naming the bound it is past, or, with
 * reversed_range, the range it is inside. `shown` is the value as the reason shows it.
 */
export function rangeReason(shown: string, value: number, min: NamedBound, max: NamedBound, mode: RangeMode): string {
  const { minClosed, maxClosed } = innerRange(mode)
  if (mode.reversed) {
    const low = min.value === null ? '' : `${min.name} ${min.value} ${minClosed ? '<=' : '<'} `
    const high = max.value === null ? '' : ` ${maxClosed ? '<=' : '<'} ${max.name} ${max.value}`
    return `${low}${shown}${high}: inside the range, which reversed_range drops`
  }
  // A value equal to a bound is dropped only where that bound is open.
  if (min.value !== null && value <= min.value)
    return value < min.value ? `${shown} < ${min.name} ${min.value}` : `${shown} = ${min.name} ${min.value} (min_closed_interval is false)`
  return value > max.value! ? `${shown} > ${max.name} ${max.value}` : `${shown} = ${max.name} ${max.value} (max_closed_interval is false)`
}

/**
 * A filter keeping rows whose stat is within its declared thresholds (`min_…` <= stat <= `max_…`,
 * an empty bound is no limit), as its range mode reads them, and saying why a dropped row's stat is not.
 */
export abstract class RangeFilter<P extends OpParams = OpParams> extends StatFilter<number, P> {
  private readonly bounds = thresholdBounds(this.info, this.params)
  private readonly mode = this.context.range ?? rangeModeOf({})

  protected keep(stat: number): boolean {
    return keepsValue(stat, this.bounds.min, this.bounds.max, this.mode)
  }

  protected reason(stat: number): string {
    const { min = '', max = '' } = this.info.thresholds!
    const shown = `${this.statsKey} ${this.formatStat(stat)}`
    return rangeReason(shown, stat, { name: min, value: this.bounds.min }, { name: max, value: this.bounds.max }, this.mode)
  }

  /** The stat as a dropped row's reason shows it. */
  protected formatStat(stat: number): string {
    return String(stat)
  }
}
