import { relative } from 'node:path'
import { getOpDefinition, globalOperator } from '../ops'
import { readStrings } from '../ops/batch'
import { KEY_COLUMN, type Deduplicator, type Selector } from '../ops/global'
import { readBatches } from '../io/read-file'
import { decideFromRuns } from '../dedup/decide'
import { writeDecisionFile } from '../dedup/decision-file'
import { fileSource } from '../dedup/key-runs'
import { SieveError } from '../../shared/errors'
import { checkFailpoint } from './failpoints'
import { WorkDir } from './layout'
import type { DedupRecord } from './manifest'
import type { DedupTaskInput } from '../task-types'
export type { DedupTaskInput } from '../task-types'

/**
 * The one global step of a global operator (deduplicator, selector): decide over every row in
 * input order (partition by partition), so the result is the same whatever the number of
 * workers, and publish which rows each partition drops as a binary decision file
 * (dedup/decision-file.ts). A deduplicator's decision merges the partitions' sorted key runs and
 * holds only read buffers, the positions to drop and a union-find over the rows that collided,
 * each spilled past its share of the budget; a selector reads the key column of the boundary checkpoints.
 */
export async function decideDuplicates(input: DedupTaskInput): Promise<DedupRecord> {
  const dir = new WorkDir(input.workDir)
  const definition = getOpDefinition(input.op.name)
  const models = input.op.models ?? {}
  await definition.prepare?.(input.op.params, models)
  const op = globalOperator(definition.create(input.op.params, { textKey: input.textKey, models }))
  const { rows, sorted } = op.kind === 'deduplicator' ? decideFromKeyRuns(input, op, dir) : await decideBySelector(input, op)
  const { file, dropped } = await writeDecisionFile(dir.temp, dir.dedupDecision(input.opIndex), rows, sorted)
  return { ...file, path: relative(dir.root, dir.dedupDecision(input.opIndex)), rows: dropped, op_index: input.opIndex, dropped }
}

function decideFromKeyRuns(input: DedupTaskInput, op: Deduplicator, dir: WorkDir): { rows: number[]; sorted: Iterable<Float64Array> } {
  const sources = input.boundaries.map(({ partition, checkpoint }) => {
    if (checkpoint.keys === undefined) {
      throw new SieveError(
        'UNREADABLE',
        `partition ${partition}: its checkpoint ${checkpoint.path} has no key runs (written by an older Sieve); start the job again with --force`
      )
    }
    return fileSource(`${input.workDir}/${checkpoint.keys.path}`)
  })
  const decision = decideFromRuns(sources, op.keyShape, {
    budgetBytes: input.budgetBytes,
    spillDir: dir.temp,
    ...(op.uniteGroup !== undefined ? { uniteGroup: op.uniteGroup } : {}),
    tableDone: (table) => checkFailpoint('dedup_decision', table),
    clusterRoundDone: (round) => checkFailpoint('dedup_clusters', round)
  })
  decision.rows.forEach((n, i) => {
    const { partition, checkpoint } = input.boundaries[i]!
    if (n !== checkpoint.rows)
      throw new SieveError('UNREADABLE', `partition ${partition}: its key runs hold ${n} rows, its checkpoint ${checkpoint.rows}`)
  })
  return { rows: decision.rows, sorted: decision.drops.sorted() }
}

async function decideBySelector(input: DedupTaskInput, op: Selector): Promise<{ rows: number[]; sorted: Iterable<Float64Array> }> {
  const decision = op.decision(input.boundaries.reduce((n, b) => n + b.checkpoint.rows, 0))
  const rows: number[] = []
  for (const { checkpoint } of input.boundaries) {
    let n = 0
    for (const batch of await readBatches(`${input.workDir}/${checkpoint.path}`, 'parquet', undefined, [KEY_COLUMN])) {
      n += batch.numRows
      decision.add(readStrings(batch, KEY_COLUMN))
    }
    if (n !== checkpoint.rows)
      throw new SieveError('UNREADABLE', `checkpoint ${checkpoint.path} holds ${n} rows, the manifest says ${checkpoint.rows}`)
    rows.push(n)
  }
  return { rows, sorted: decision.finish() }
}
