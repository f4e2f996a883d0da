import { publishBytes } from '../io/publish'
import { getOpDefinition } from '../ops'
import type { AnyOperator } from '../ops/define'
import { opContext } from '../ops/common-params'
import { WorkDir } from '../job/layout'
import { readPartitionSource } from '../job/partition-task'
import { throwIfStopped } from '../stop'
import type { OpCount, PartitionMessage, PartitionTaskInput, PartitionTaskOutput } from '../task-types'
import { PartitionAnalysis } from './partial'

/**
 * One partition of an analysis: every operator's stats computed over every row of its slice of
 * the input (as Data-Juicer's Analyzer does, each filter sees the whole input, not what the
 * filters before it kept), summed up into a mergeable partial published under `partials/`.
 */
export async function analyzePartition(input: PartitionTaskInput, post: (m: PartitionMessage) => void): Promise<PartitionTaskOutput> {
  const dir = new WorkDir(input.workDir)
  const textKey = input.textKeys[0]!
  const ops: AnyOperator[] = []
  for (const spec of input.ops) {
    const definition = getOpDefinition(spec.name)
    const models = spec.models ?? {}
    await definition.prepare?.(spec.params, models)
    ops.push(definition.create(spec.params, { ...opContext(spec.params, { textKey, skipOpError: input.skipOpError }), models }))
  }
  const millis = new Array<number>(ops.length).fill(0)
  const analysis = new PartitionAnalysis()
  let rows = 0
  let lastProgress = 0
  // Each batch is summed up as it is read and then let go: the slice is never in memory whole.
  const { rowsRead, badRecords } = await readPartitionSource(input, post, (batch) => {
    throwIfStopped()
    let withStats = batch
    ops.forEach((op, i) => {
      const started = performance.now()
      if (op.kind === 'filter') withStats = op.withStats(withStats)
      millis[i]! += performance.now() - started
    })
    analysis.add(withStats)
    rows += batch.numRows
    const now = Date.now()
    if (now - lastProgress > 250) {
      lastProgress = now
      post({ type: 'progress', opIndex: ops.length - 1, rows })
    }
  })
  const counts: Record<string, OpCount> = {}
  ops.forEach((op, i) => {
    counts[i] = { name: op.name, rows_in: rows, rows_out: rows, millis: millis[i]!, text_bytes: 0 }
    post({ type: 'op', opIndex: i, count: counts[i] })
  })
  throwIfStopped()
  const published = await publishBytes(dir.temp, dir.analysisPartial(input.partition), analysis.encode(), dir.root)
  return { result: { ...published, rows: rowsRead }, rowsRead, badRecords, ops: counts }
}
