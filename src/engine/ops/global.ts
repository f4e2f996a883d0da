import { Field, Utf8, type RecordBatch } from 'apache-arrow'
import type { OpParams } from '../../shared/ops'
import { Operator, type OpOutput } from './base'
import { readStrings, selectRows, utf8Data, withColumn } from './batch'

/**
 * The column where a global operator keeps each row's key between its two stages. The value is
 * Data-Juicer's name for a deduplicator's hash, written into checkpoints: it must not change.
 */
export const KEY_COLUMN = '__dj__hash'

/** A decision over the whole dataset, fed every row's key in input order, a batch at a time. */
export interface GlobalDecision {
  add(keys: readonly (string | null)[]): void
  /** The positions (over all rows added) of the rows to drop. */
  finish(): number[]
}

/**
 * Decides over the whole dataset. Per partition it computes a key for each row (`computeKeys`);
 * one global step then walks every key in input order and names the rows to drop (`decision`:
 * the engine's stage cut); `apply` does both within one batch, for previews. Only keys are held
 * by the decision, never texts.
 */
abstract class GlobalOperator<P extends OpParams = OpParams> extends Operator<P> {
  /** Why a row the decision drops is dropped, in previews and rejected-row output. */
  abstract readonly dropReason: string

  abstract decision(): GlobalDecision

  /** The key column of a batch, counted like any other step of the operator. */
  computeKeys(batch: RecordBatch): RecordBatch {
    return this.counted(batch, () => ({ batch: this.withKeys(batch) })).batch
  }

  /** Adds each row's key under KEY_COLUMN. */
  protected abstract withKeys(batch: RecordBatch): RecordBatch

  protected keyColumn(batch: RecordBatch, keys: string[]): RecordBatch {
    return withColumn(batch, new Field(KEY_COLUMN, new Utf8(), false), utf8Data(keys))
  }

  protected apply(batch: RecordBatch, keepRejected: boolean): OpOutput {
    const dropped = new Uint8Array(batch.numRows)
    const decision = this.decision()
    decision.add(readStrings(this.withKeys(batch), KEY_COLUMN))
    for (const i of decision.finish()) dropped[i] = 1
    const keep = dropped.map((d) => 1 - d)
    if (!keepRejected) return { batch: selectRows(batch, keep) }
    const rejectedBatch = selectRows(batch, dropped)
    return {
      batch: selectRows(batch, keep),
      rejected: { batch: rejectedBatch, reasons: new Array<string>(rejectedBatch.numRows).fill(this.dropReason) }
    }
  }
}

/** Removes rows whose key matches an earlier row's. By default the key is computed from the text, and the first row of each exact key is kept. */
export abstract class Deduplicator<P extends OpParams = OpParams> extends GlobalOperator<P> {
  readonly kind = 'deduplicator'
  readonly dropReason = 'duplicate of an earlier row'

  protected abstract key(text: string): string

  protected withKeys(batch: RecordBatch): RecordBatch {
    return this.keyColumn(
      batch,
      this.texts(batch).map((t) => this.key(t))
    )
  }

  decision(): GlobalDecision {
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
}

/**
 * Keeps a subset of the whole dataset chosen over all rows (a sample, the top k): the rows it
 * drops are not selected rather than duplicates. By default its rows carry no key.
 */
export abstract class Selector<P extends OpParams = OpParams> extends GlobalOperator<P> {
  readonly kind = 'selector'
  readonly dropReason = 'not selected'

  protected withKeys(batch: RecordBatch): RecordBatch {
    return this.keyColumn(batch, new Array<string>(batch.numRows).fill(''))
  }
}
