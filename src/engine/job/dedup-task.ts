import { getOpDefinition, globalOperator } from '../ops'
import { readStrings } from '../ops/batch'
import { KEY_COLUMN } from '../ops/global'
import { publishText } from '../io/publish'
import { readBatches } from '../io/read-file'
import { WorkDir } from './layout'
import type { DedupRecord } from './manifest'
import type { DedupTaskInput } from '../task-types'
export type { DedupTaskInput } from '../task-types'

/** What the decision file holds. */
interface GlobalDecisionFile {
  op_index: number
  /** Per partition, the positions (in its boundary checkpoint) of the rows to drop. */
  drop: Record<string, number[]>
}

/**
 * The one global step of a global operator (deduplicator, selector): feed its decision every
 * row's key in input order (partition by partition), so the result is the same whatever the
 * number of workers, and write which rows each partition drops. Only the key column is read:
 * memory holds keys, not texts.
 */
export async function decideDuplicates(input: DedupTaskInput): Promise<DedupRecord> {
  const dir = new WorkDir(input.workDir)
  const definition = getOpDefinition(input.op.name)
  const models = input.op.models ?? {}
  await definition.prepare?.(input.op.params, models)
  const decision = globalOperator(definition.create(input.op.params, { textKey: input.textKey, models })).decision()
  const sizes: number[] = []
  for (const { checkpoint } of input.boundaries) {
    let rows = 0
    for (const batch of await readBatches(`${input.workDir}/${checkpoint.path}`, 'parquet', undefined, [KEY_COLUMN])) {
      rows += batch.numRows
      decision.add(readStrings(batch, KEY_COLUMN))
    }
    sizes.push(rows)
  }
  const positions = decision.finish()
  const file: GlobalDecisionFile = { op_index: input.opIndex, drop: {} }
  let partition = 0
  let base = 0
  for (const { partition: id } of input.boundaries) file.drop[String(id)] = []
  for (const position of positions) {
    while (position >= base + sizes[partition]!) base += sizes[partition++]!
    file.drop[String(input.boundaries[partition]!.partition)]!.push(position - base)
  }
  const published = await publishText(dir.temp, dir.dedupDecision(input.opIndex), JSON.stringify(file), dir.root)
  return { ...published, rows: positions.length, op_index: input.opIndex, dropped: positions.length }
}
