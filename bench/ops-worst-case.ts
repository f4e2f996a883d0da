// Inputs that once made an operator slow (catastrophic backtracking, quadratic splitting), timed on one thread.
// Their outputs are checked by the operators' unit tests; the time is a figure for this machine, so it lives here.
import { Field, Schema, Utf8 } from 'apache-arrow'
import { rowsToBatch } from '../src/engine/io/schema'
import type { Mapper } from '../src/engine/ops/base'
import { readStrings } from '../src/engine/ops/batch'
import { cleanLinksMapper } from '../src/engine/ops/mappers/clean_links_mapper'
import { sentenceSplitMapper } from '../src/engine/ops/mappers/sentence_split_mapper'
import type { OpDefinition } from '../src/engine/ops/define'
import { resolveParams } from '../src/engine/ops/registry'

/** What a single document of this kind may cost before the case counts as too slow. */
export const BUDGET_MS = 2000

export interface WorstCase {
  name: string
  ms: number
  withinBudget: boolean
}

const schema = new Schema([new Field('text', new Utf8(), true)])

function timeOne(def: OpDefinition<Mapper>, text: string, check: (out: string) => boolean): number {
  const mapper = def.create(resolveParams(def.info, {}), { textKey: 'text' })
  const started = performance.now()
  const out = readStrings(mapper.process(rowsToBatch([[text]], schema)).batch, 'text')[0]!
  const ms = performance.now() - started
  if (!check(out)) throw new Error(`${def.info.name} gave a wrong result on its worst case`)
  return ms
}

export function worstCases(): WorstCase[] {
  const sentences = 'The cat sat on the mat. Dr. Smith came by! Was it 3.14? Yes. '.repeat(20_000)
  const links = 'http://x.com/(' + 'a'.repeat(3000) + ' www.' + '!'.repeat(3000)
  const cases: [string, number][] = [
    ['sentence_split_mapper: one text of 80,000 sentences', timeOne(sentenceSplitMapper, sentences, (out) => out.split('\n').length === 80_000)],
    [
      'clean_links_mapper: a link that backtracks exponentially under the original pattern',
      timeOne(cleanLinksMapper, links, (out) => out === '(' + 'a'.repeat(3000) + ' www.' + '!'.repeat(3000))
    ]
  ]
  return cases.map(([name, ms]) => ({ name, ms, withinBudget: ms < BUDGET_MS }))
}
