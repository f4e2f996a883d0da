import { getOpDefinition } from '../ops'
import { readStrings } from '../ops/batch'
import { HASH_COLUMN, type Deduplicator } from '../ops/base'
import { publishText } from '../io/publish'
import { readBatches } from '../io/read-file'
import { WorkDir } from './layout'
import type { DedupRecord } from './manifest'
import type { DedupTaskInput } from '../task-types'
export type { DedupTaskInput } from '../task-types'

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
  const definition = getOpDefinition(input.op.name)
  await definition.prepare?.()
  const op = definition.create(input.op.params, { textKey: input.textKey }) as Deduplicator
  const finder = op.duplicateFinder()
  const sizes: number[] = []
  for (const { checkpoint } of input.boundaries) {
    let rows = 0
    for (const batch of await readBatches(`${input.workDir}/${checkpoint.path}`, 'parquet', undefined, [HASH_COLUMN])) {
      rows += batch.numRows
      finder.add(readStrings(batch, HASH_COLUMN))
    }
    sizes.push(rows)
  }
  const positions = finder.finish()
  const decision: DedupDecision = { op_index: input.opIndex, drop: {} }
  let partition = 0
  let base = 0
  for (const { partition: id } of input.boundaries) decision.drop[String(id)] = []
  for (const position of positions) {
    while (position >= base + sizes[partition]!) base += sizes[partition++]!
    decision.drop[String(input.boundaries[partition]!.partition)]!.push(position - base)
  }
  const published = await publishText(dir.temp, dir.dedupDecision(input.opIndex), JSON.stringify(decision), dir.root)
  return { ...published, rows: positions.length, op_index: input.opIndex, dropped: positions.length }
}
