import { Field, Utf8, type RecordBatch } from 'apache-arrow'
import type { AnyOperator } from '../ops/define'
import type { OpOutput } from '../ops/base'
import { readStrings, selectRows, utf8Data, withColumn } from '../ops/batch'
import { encodeBatches } from '../io/write'

/** The column of a traced mapper's row holding its text before the operator; the row holds the text after. */
export const TRACE_BEFORE_COLUMN = '__sieve_before__'
/** The column of a traced filter's row holding why it was dropped. */
export const TRACE_REASON_COLUMN = '__sieve_reason__'

/**
 * Data-Juicer's tracer, for one operator on one partition: the first `limit` rows a mapper
 * changed (the row after it, with its text before) or a filter dropped (with the reason), kept
 * as JSON lines in the work directory's trace/. A mapper that splits rows is not traced: its
 * pieces do not pair with the rows they came from.
 */
export class Tracer {
  private readonly batches: RecordBatch[] = []
  private count = 0

  constructor(private readonly limit: number) {}

  get rows(): number {
    return this.count
  }

  add(op: AnyOperator, input: RecordBatch, output: OpOutput): void {
    if (this.count >= this.limit) return
    if (op.kind === 'mapper' && output.batch.numRows === input.numRows) {
      const key = op.context.textKey
      const before = readStrings(input, key)
      const after = readStrings(output.batch, key)
      const changed = new Uint8Array(input.numRows)
      for (let i = 0; i < input.numRows && this.count < this.limit; i++) {
        if (before[i] !== after[i]) {
          changed[i] = 1
          this.count++
        }
      }
      const rows = selectRows(output.batch, changed)
      const old = before.filter((_, i) => changed[i] === 1)
      if (rows.numRows > 0) this.batches.push(withColumn(rows, new Field(TRACE_BEFORE_COLUMN, new Utf8(), true), utf8Data(old)))
    } else if (op.kind === 'filter' && output.rejected !== undefined && output.rejected.batch.numRows > 0) {
      const take = Math.min(this.limit - this.count, output.rejected.batch.numRows)
      const rows = output.rejected.batch.slice(0, take)
      this.count += take
      this.batches.push(withColumn(rows, new Field(TRACE_REASON_COLUMN, new Utf8(), false), utf8Data(output.rejected.reasons.slice(0, take))))
    }
  }

  /** The traced rows as JSON lines, every value written exactly as the export writes it. */
  bytes(): Uint8Array {
    return encodeBatches(this.batches, this.batches[0]!.schema, 'jsonl', 'none')
  }
}
