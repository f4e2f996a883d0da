import { DataType, type Data, type RecordBatch, type Struct } from 'apache-arrow'
import { TEXT_EXAMPLE_CHARS, type DroppedExample } from '../../shared/analysis'
import { columnValues, STATS_COLUMN } from '../ops/batch'
import type { OpOutput } from '../ops/base'
import { codePointLength } from '../ops/text'
import { Categories, encodePartialFile, type PartialHeader, type StatPartial } from './partial'
import { NumericValues } from './numeric-values'

/**
 * What one filter did in one partition, in a form that merges: its stat among the rows it kept and
 * among the rows it dropped (an analysis partial whose two stats are `kept` and `dropped`), and
 * the first rows it dropped as examples. A job writes one per filter and partition
 * (outcomes/partition_NNNNNN/op_NNN_<op>.stats); `jobs/outcomes` merges them.
 */

/** Dropped rows a partition keeps as examples of each filter. */
export const EXAMPLES_PER_PARTITION = 5

export interface OutcomeHeader extends PartialHeader {
  outcome: {
    /** The stat the filter wrote; null for a filter without one. */
    statsKey: string | null
    rowsKept: number
    rowsDropped: number
    examples: Omit<DroppedExample, 'partition'>[]
  }
}

const isNumeric = (type: DataType): boolean => DataType.isInt(type) || DataType.isFloat(type) || DataType.isBool(type) || DataType.isDecimal(type)

/** A column of a batch (a stat: a child of the stats struct), or undefined when the batch does not hold it. */
function columnData(batch: RecordBatch, name: string, stat: boolean): Data | undefined {
  const index = batch.schema.fields.findIndex((f) => f.name === (stat ? STATS_COLUMN : name))
  if (index < 0 || !stat) return index < 0 ? undefined : batch.data.children[index]
  const child = (batch.schema.fields[index]!.type as Struct).children.findIndex((f) => f.name === name)
  return child < 0 ? undefined : batch.data.children[index]!.children[child]
}

/** One side (kept or dropped) of a filter's stat: numeric values, or categories when the stat is text (decided by its first batch). */
class Side {
  rows = 0
  private values: NumericValues | Categories | undefined

  add(batch: RecordBatch, key: string | null): void {
    this.rows += batch.numRows
    if (key === null || batch.numRows === 0) return
    const data = columnData(batch, key, true)
    this.values ??= data === undefined || isNumeric(data.type) ? new NumericValues() : new Categories()
    const values = this.values
    if (data === undefined) {
      if (values instanceof NumericValues) values.addMissing(batch.numRows)
      else values.missing += batch.numRows
    } else if (
      values instanceof NumericValues &&
      data.nullCount === 0 &&
      (data.values instanceof Float64Array || data.values instanceof BigInt64Array)
    ) {
      // A float or int64 stat without nulls (every built-in one) is read straight from its buffer: the hot path.
      const raw = data.values
      for (let i = 0; i < data.length; i++) values.add(Number(raw[i]))
    } else for (const v of columnValues(data)) values.add(v)
  }

  /** The side's partial; its sorted run (numeric) goes to `runs` at `offset`. */
  finish(offset: number, runs: Float64Array[]): StatPartial | undefined {
    if (this.values instanceof Categories) return this.values.finish()
    if (this.values === undefined) return undefined
    const { partial, run } = this.values.finish(offset)
    runs.push(run)
    return partial
  }
}

function example(text: unknown, stat: unknown, reason: string): Omit<DroppedExample, 'partition'> {
  const whole = typeof text === 'string' ? text : text === null || text === undefined ? '' : String(text)
  const length = codePointLength(whole)
  const shown = length > TEXT_EXAMPLE_CHARS ? `${Array.from(whole).slice(0, TEXT_EXAMPLE_CHARS).join('')}…` : whole
  const value = typeof stat === 'bigint' ? Number(stat) : typeof stat === 'number' || typeof stat === 'string' ? stat : null
  return { text: shown, textLength: length, stat: value === null || (typeof value === 'number' && !Number.isFinite(value)) ? null : value, reason }
}

/** Collects one filter's outcome over the batches of one partition, from what the filter gave for each. */
export class FilterOutcomeCollector {
  private readonly kept = new Side()
  private readonly dropped = new Side()
  private readonly examples: Omit<DroppedExample, 'partition'>[] = []

  constructor(
    private readonly statsKey: string | null,
    private readonly textKey: string
  ) {}

  /** A batch's output; the filter must have been asked for its rejected rows. */
  add(output: OpOutput): void {
    this.kept.add(output.batch, this.statsKey)
    const rejected = output.rejected
    if (rejected === undefined) return
    this.dropped.add(rejected.batch, this.statsKey)
    const wanted = Math.min(EXAMPLES_PER_PARTITION - this.examples.length, rejected.batch.numRows)
    if (wanted <= 0) return
    const first = (data: Data | undefined): unknown[] | undefined => (data === undefined ? undefined : columnValues(data.slice(0, wanted)))
    const texts = first(columnData(rejected.batch, this.textKey, false))
    const stats = this.statsKey === null ? undefined : first(columnData(rejected.batch, this.statsKey, true))
    for (let i = 0; i < wanted; i++) this.examples.push(example(texts?.[i], stats?.[i] ?? null, rejected.reasons[i] ?? ''))
  }

  encode(): Uint8Array {
    const runs: Float64Array[] = []
    const stats: Record<string, StatPartial> = {}
    const kept = this.kept.finish(0, runs)
    if (kept !== undefined) stats.kept = kept
    const dropped = this.dropped.finish(
      runs.reduce((n, r) => n + r.length, 0),
      runs
    )
    if (dropped !== undefined) stats.dropped = dropped
    const header: OutcomeHeader = {
      version: 1,
      rows: this.kept.rows + this.dropped.rows,
      stats,
      columns: [],
      outcome: { statsKey: this.statsKey, rowsKept: this.kept.rows, rowsDropped: this.dropped.rows, examples: this.examples }
    }
    return encodePartialFile(header, runs)
  }
}
