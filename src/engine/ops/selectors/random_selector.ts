import { declareParams, defineOp, type ParamValues } from '../define'
import { positionsNotIn, Selector, type GlobalDecision } from '../global'
import { seededRandom } from '../../../shared/random'

const params = declareParams([
  { name: 'select_ratio', type: 'float', default: null, min: 0, max: 1, description: 'Share of rows to keep; empty for no ratio limit.' },
  { name: 'select_num', type: 'int', default: null, min: 0, description: 'Number of rows to keep; empty for no count limit.' },
  { name: 'seed', type: 'int', default: 42, description: 'Seed of the sample: the same seed gives the same rows.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's random_selector: keeps a random sample of the whole dataset — select_num rows, or
 * select_ratio of them (the smaller when both are set) — in input order. Seeded: the same dataset
 * and seed give the same sample. It decides over all partitions, like a deduplicator.
 */
class RandomSelector extends Selector<Params> {
  decision(): GlobalDecision {
    let total = 0
    const ratio = this.params.select_ratio
    const num = this.params.select_num
    const seed = this.params.seed
    return {
      add(keys) {
        total += keys.length
      },
      finish() {
        const limits = [ratio !== null ? Math.floor(ratio * total) : Infinity, num ?? Infinity]
        const keep = Math.min(total, ...limits)
        if (keep >= total) return []
        // A partial Fisher-Yates shuffle chooses which positions stay.
        const order = Array.from({ length: total }, (_, i) => i)
        const random = seededRandom(seed)
        for (let i = 0; i < keep; i++) {
          const j = i + Math.floor(random() * (total - i))
          ;[order[i], order[j]] = [order[j]!, order[i]!]
        }
        return positionsNotIn(Float64Array.from(order.slice(0, keep)).sort(), total)
      }
    }
  }
}

export const randomSelector = defineOp({
  name: 'random_selector',
  kind: 'selector',
  description: 'Keeps a random, seeded sample of the whole dataset: select_num rows or a select_ratio share, whichever is smaller.',
  params,
  create: (info, values, context) => new RandomSelector(info, values, context)
})
