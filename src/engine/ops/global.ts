import { Field, Utf8, type RecordBatch } from 'apache-arrow'
import type { OpParams } from '../../shared/ops'
import { Operator, type OpOutput } from './base'
import { readStrings, selectRows, utf8Data, withColumn } from './batch'
import { decideFromRuns, type GroupUniter } from '../dedup/decide'
import { KeyRunBuilder, memorySource, type KeyShape } from '../dedup/key-runs'

/**
 * The column where a global operator keeps each row's key between its two stages. The value is
 * Data-Juicer's name for a deduplicator's hash, written into checkpoints: it must not change.
 */
export const KEY_COLUMN = '__dj__hash'

/** A selector's decision over the whole dataset, fed every row's key in input order, a batch at a time. */
export interface GlobalDecision {
  add(keys: readonly (string | null)[]): void
  /** The positions (over all rows added) of the rows to drop, ascending, in chunks. */
  finish(): Iterable<Float64Array>
}

/** Positions 0..total-1 not in `kept` (ascending), in chunks: a selection's rows to drop, without a list of them all. */
export function* positionsNotIn(kept: Float64Array, total: number): Generator<Float64Array> {
  const chunk = new Float64Array(65536)
  let n = 0
  let k = 0
  for (let i = 0; i < total; i++) {
    if (k < kept.length && kept[k] === i) {
      k++
      continue
    }
    chunk[n++] = i
    if (n === chunk.length) {
      yield chunk.slice()
      n = 0
    }
  }
  if (n > 0) yield chunk.slice(0, n)
}

/**
 * Decides over the whole dataset. Per partition it computes a key for each row; one global step
 * then names the rows to drop (the engine's stage cut); `apply` does both within one batch, for
 * previews. Only keys are held by the decision, never texts.
 */
abstract class GlobalOperator<P extends OpParams = OpParams> extends Operator<P> {
  /** Why a row the decision drops is dropped, in previews and rejected-row output. */
  abstract readonly dropReason: string

  /** The key column of a batch (under KEY_COLUMN), counted like any other step of the operator. */
  computeKeys(batch: RecordBatch): RecordBatch {
    return this.counted(batch, () => ({ batch: this.withKeys(batch) })).batch
  }

  /** Adds each row's key under KEY_COLUMN. */
  protected abstract withKeys(batch: RecordBatch): RecordBatch

  /** The rows of this one batch the decision drops, ascending. */
  abstract droppedIn(batch: RecordBatch): number[]

  protected keyColumn(batch: RecordBatch, keys: string[]): RecordBatch {
    return withColumn(batch, new Field(KEY_COLUMN, new Utf8(), false), utf8Data(keys))
  }

  protected apply(batch: RecordBatch, keepRejected: boolean): OpOutput {
    const dropped = new Uint8Array(batch.numRows)
    for (const i of this.droppedIn(batch)) dropped[i] = 1
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
 * Removes rows whose key matches an earlier row's, keeping the first in input order. Its keys are
 * fixed-width words (`keyShape`), written per partition as sorted runs (`addKeys`) and decided
 * over by a merge of the runs (dedup/decide.ts); the key column (`key`, hex) is what previews show.
 */
export abstract class Deduplicator<P extends OpParams = OpParams> extends GlobalOperator<P> {
  readonly kind = 'deduplicator'
  readonly dropReason = 'duplicate of an earlier row'

  /** The shape of the keys `writeKeys` writes. */
  abstract readonly keyShape: KeyShape
  /** For a shape with payload words: which rows of a group of equal keys are duplicates. */
  readonly uniteGroup?: GroupUniter

  /** The row's key as text, for previews. */
  protected abstract key(text: string): string

  /** Writes the row's keys at `at`: per table, its key words and then its payload words. */
  protected abstract writeKeys(text: string, words: Uint32Array, at: number): void

  /** Data-Juicer's column for the row's hash, which keep_hashes_in_res_ds keeps in the result; null: Data-Juicer keeps none. */
  readonly hashColumn: string | null = null

  /** The row's hash as Data-Juicer writes it under `hashColumn`. */
  protected hashValue(text: string): string {
    return this.key(text)
  }

  /** The batch with each row's hash under `hashColumn` (replacing an earlier operator's), or unchanged without one. */
  withHashes(batch: RecordBatch): RecordBatch {
    if (this.hashColumn === null) return batch
    const hashes = this.texts(batch).map((t) => this.hashValue(t))
    return withColumn(batch, new Field(this.hashColumn, new Utf8(), false), utf8Data(hashes))
  }

  protected withKeys(batch: RecordBatch): RecordBatch {
    return this.keyColumn(
      batch,
      this.texts(batch).map((t) => this.key(t))
    )
  }

  /** Adds every row of a batch to its partition's key runs; the batch goes on unchanged (counted like any step). */
  addKeys(batch: RecordBatch, runs: KeyRunBuilder): RecordBatch {
    return this.counted(batch, () => {
      this.writeAll(batch, runs)
      return { batch }
    }).batch
  }

  droppedIn(batch: RecordBatch): number[] {
    const runs = new KeyRunBuilder(this.keyShape)
    this.writeAll(batch, runs)
    const options = { budgetBytes: Infinity, ...(this.uniteGroup !== undefined ? { uniteGroup: this.uniteGroup } : {}) }
    const { drops } = decideFromRuns([memorySource(runs.encode())], this.keyShape, options)
    const out: number[] = []
    for (const chunk of drops.sorted()) out.push(...chunk)
    return out
  }

  private writeAll(batch: RecordBatch, runs: KeyRunBuilder): void {
    for (const text of this.texts(batch)) {
      const { words, at } = runs.nextRow()
      this.writeKeys(text, words, at)
    }
  }
}

/**
 * Keeps a subset of the whole dataset chosen over all rows (a sample, the top k): the rows it
 * drops are not selected rather than duplicates. By default its rows carry no key.
 */
export abstract class Selector<P extends OpParams = OpParams> extends GlobalOperator<P> {
  readonly kind = 'selector'
  readonly dropReason = 'not selected'

  /** A decision over `total` rows, fed their keys in input order. */
  abstract decision(total: number): GlobalDecision

  protected withKeys(batch: RecordBatch): RecordBatch {
    return this.keyColumn(batch, new Array<string>(batch.numRows).fill(''))
  }

  droppedIn(batch: RecordBatch): number[] {
    const decision = this.decision(batch.numRows)
    decision.add(readStrings(this.withKeys(batch), KEY_COLUMN))
    const out: number[] = []
    for (const chunk of decision.finish()) out.push(...chunk)
    return out
  }
}
