import { createHash } from 'node:crypto'
import type { AnalyzedOp } from '../../shared/analysis'
import { RANGE_MODE_PARAMS } from '../../shared/ops'
import type { Recipe } from '../../shared/recipe'
import { getOpDefinition } from '../ops'
import type { Plan } from '../job/plan'

/** The operators of a recipe an analysis summarizes: its filters that compute a stat. */
export function analyzedOps(recipe: Recipe): AnalyzedOp[] {
  return recipe.process.flatMap((op, index) => {
    const { info } = getOpDefinition(op.name)
    return info.kind === 'filter' && info.statsKey !== undefined ? [{ index, name: op.name, statsKey: info.statsKey }] : []
  })
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex')

/** The input as the plan found it (paths, sizes, times, head and tail hashes), as one hash: unchanged input, same fingerprint. */
export function inputFingerprint(plan: Pick<Plan, 'inputs'>): string {
  return sha256(JSON.stringify(plan.inputs.map((i) => [i.path, i.size, i.mtime_ms, i.head_sha256, i.tail_sha256])))
}

/**
 * What decides the stats an analysis finds besides the input: the text keys and each analyzed
 * filter's parameters except its thresholds and range mode (these change what a filter keeps, not its stat).
 */
export function statsKey(recipe: Recipe): string {
  const ops = analyzedOps(recipe).map(({ index, name }) => {
    const { info } = getOpDefinition(name)
    const params = { ...(recipe.process[index]!.params ?? {}) }
    for (const bound of [info.thresholds?.min, info.thresholds?.max, ...RANGE_MODE_PARAMS]) if (bound !== undefined) delete params[bound]
    return [name, Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1))]
  })
  return sha256(JSON.stringify({ text_keys: recipe.text_keys, ops }))
}
