import { readStrings } from '../ops/batch'
import { HASH_COLUMN } from '../ops/base'
import { publishText } from '../io/publish'
import { readBatches } from '../io/read-file'
import { WorkDir } from './layout'
import type { CheckpointRecord, DedupRecord } from './manifest'

export interface DedupTaskInput {
  workDir: string
  opIndex: number
  /** The boundary checkpoint of every partition, in partition order. */
  boundaries: { partition: number; checkpoint: CheckpointRecord }[]
}

export interface DedupDecision {
  op_index: number
  /** Per partition, the positions (in its boundary checkpoint) of the rows to drop. */
  drop: Record<string, number[]>
}

/**
 * The one global step of a deduplicator: walk every row's key in input order (partition by
 * partition) and drop each row whose key was seen before, so the first occurrence is kept
 * whatever the number of workers. Only the key column is read: memory holds keys, not texts.
 */
export async function decideDuplicates(input: DedupTaskInput): Promise<DedupRecord> {
  const dir = new WorkDir(input.workDir)
  const seen = new Set<string>()
  const decision: DedupDecision = { op_index: input.opIndex, drop: {} }
  let dropped = 0
  for (const { partition, checkpoint } of input.boundaries) {
    const batches = await readBatches(`${input.workDir}/${checkpoint.path}`, 'parquet', undefined, [HASH_COLUMN])
    const drop: number[] = []
    let position = 0
    for (const batch of batches) {
      for (const key of readStrings(batch, HASH_COLUMN)) {
        // 16 bytes per key in the set instead of 32 hex characters.
        const compact = key === null ? '' : Buffer.from(key, 'hex').toString('latin1')
        if (seen.has(compact)) drop.push(position)
        else seen.add(compact)
        position++
      }
    }
    decision.drop[String(partition)] = drop
    dropped += drop.length
  }
  const published = await publishText(dir.temp, dir.dedupDecision(input.opIndex), JSON.stringify(decision), dir.root)
  return { ...published, rows: dropped, op_index: input.opIndex, dropped }
}
