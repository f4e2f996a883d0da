import { Field, Utf8, type RecordBatch } from 'apache-arrow'
import type { AnyOperator } from '../ops/define'
import type { OpOutput } from '../ops/base'
import { readStrings, selectRows, utf8Data, withColumn, withoutColumn } from '../ops/batch'
import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { encodeBatches } from '../io/write'
import { publishText } from '../io/publish'
import type { WorkDir } from './layout'
import type { Manifest } from './manifest'
import { KEY_COLUMN } from '../ops/global'

/** The column of a traced mapper's row holding its text before the operator; the row holds the text after. */
export const TRACE_BEFORE_COLUMN = '__sieve_before__'
/** The column of a traced filter's row holding why it was dropped. */
export const TRACE_REASON_COLUMN = '__sieve_reason__'

/**
 * Data-Juicer's tracer, for one operator on one partition: the first `limit` rows a mapper
 * changed (the row after it, with its text before) or a filter, deduplicator or selector dropped
 * (with the reason), kept as JSON lines in the work directory's trace/. A mapper that splits rows
 * is not traced: its pieces do not pair with the rows they came from. Rows an operator failed on
 * (skip_op_error) are in errors/, not here.
 */
export class Tracer {
  private readonly batches: RecordBatch[] = []
  private count = 0

  constructor(private readonly limit: number) {}

  /** A tracer for operator `name` when the recipe traces it, else undefined. */
  static for(trace: { ops: string[]; num: number } | null, name: string): Tracer | undefined {
    return trace !== null && (trace.ops.length === 0 || trace.ops.includes(name)) ? new Tracer(trace.num) : undefined
  }

  get rows(): number {
    return this.count
  }

  add(op: AnyOperator, input: RecordBatch, output: OpOutput): void {
    if (this.count >= this.limit) return
    if (op.kind === 'mapper') {
      // The rows it failed on are not in its output: the others pair with the output's rows in order.
      const paired =
        output.failed === undefined
          ? input
          : selectRows(
              input,
              output.failed.map((f) => 1 - f)
            )
      if (output.batch.numRows === paired.numRows) this.addChanged(op.context.textKey, paired, output.batch)
    } else if (op.kind === 'filter' && output.rejected !== undefined) {
      this.addDropped(output.rejected.batch, output.rejected.reasons)
    }
  }

  /** The rows a global operator's decision dropped (`drop`: ascending positions over `batches`), with why, without its keys. */
  addDecision(batches: RecordBatch[], drop: Uint32Array, reason: string): void {
    const take = Math.min(this.limit - this.count, drop.length)
    let base = 0
    let next = 0
    for (const batch of batches) {
      if (next >= take) break
      const marks = new Uint8Array(batch.numRows)
      while (next < take && drop[next]! < base + batch.numRows) marks[drop[next++]! - base] = 1
      base += batch.numRows
      const rows = withoutColumn(selectRows(batch, marks), KEY_COLUMN)
      this.addDropped(rows, new Array<string>(rows.numRows).fill(reason))
    }
  }

  private addChanged(key: string, input: RecordBatch, output: RecordBatch): void {
    const before = readStrings(input, key)
    const after = readStrings(output, key)
    const changed = new Uint8Array(input.numRows)
    for (let i = 0; i < input.numRows && this.count < this.limit; i++) {
      if (before[i] !== after[i]) {
        changed[i] = 1
        this.count++
      }
    }
    const rows = selectRows(output, changed)
    const old = before.filter((_, i) => changed[i] === 1)
    if (rows.numRows > 0) this.batches.push(withColumn(rows, new Field(TRACE_BEFORE_COLUMN, new Utf8(), true), utf8Data(old)))
  }

  private addDropped(batch: RecordBatch, reasons: string[]): void {
    const take = Math.min(this.limit - this.count, batch.numRows)
    if (take === 0) return
    this.count += take
    this.batches.push(withColumn(batch.slice(0, take), new Field(TRACE_REASON_COLUMN, new Utf8(), false), utf8Data(reasons.slice(0, take))))
  }

  /** The traced rows as JSON lines, every value written exactly as the export writes it. */
  bytes(): Uint8Array {
    return encodeBatches(this.batches, this.batches[0]!.schema, 'jsonl', 'none')
  }
}

/**
 * open_tracer over the whole job, as Data-Juicer counts trace_num (per operator, not per
 * partition): for each traced operator, the first `limit` rows of its partitions' traces in
 * partition order, in trace/op_NNN_<op>.jsonl. Written from the manifest's records whenever the
 * job ends, so a resumed or retried partition neither loses nor repeats rows.
 */
export async function writeJobTraces(manifest: Manifest, dir: WorkDir, limit: number): Promise<void> {
  const byOp = new Map<string, string[]>()
  for (const partition of manifest.partitions) {
    for (const record of partition.trace ?? []) byOp.set(basename(record.path), [...(byOp.get(basename(record.path)) ?? []), record.path])
  }
  for (const [opFile, paths] of byOp) {
    const lines: string[] = []
    for (const path of paths) {
      if (lines.length >= limit) break
      const text = await readFile(join(dir.root, path), 'utf8')
      lines.push(
        ...text
          .split('\n')
          .filter((l) => l !== '')
          .slice(0, limit - lines.length)
      )
    }
    await publishText(dir.temp, dir.jobTrace(opFile), `${lines.join('\n')}\n`, dir.root)
  }
}
