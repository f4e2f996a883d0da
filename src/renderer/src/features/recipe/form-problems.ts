import type { ChainItem } from './recipe-draft'
import { readSetting } from './recipe-draft'

/** What a form field is bound to: a parameter of a chain item, or a recipe setting (['export', 'compression']). */
export type FormTarget = { kind: 'param'; itemId: string; name: string } | { kind: 'setting'; path: string[] }

/**
 * A value typed into a form that is not valid and so was not written into the recipe. The recipe
 * still holds `base`; running it would run something other than what the form shows, so each one
 * blocks the run until it is fixed or the value changes elsewhere.
 */
export interface FormProblem {
  target: FormTarget
  /** How the Run view names the field, e.g. "min_len of text_length_filter". */
  label: string
  /** What the field shows, so it shows it again after the view is left and come back to. */
  text: string
  message: string
  /** The recipe's value when the problem was recorded. */
  base: unknown
}

export function formProblemKey(target: FormTarget): string {
  return target.kind === 'param' ? `param:${target.itemId}:${target.name}` : `setting:${target.path.join('.')}`
}

/** The recipe's current value of what a field is bound to; undefined when the item is gone or the setting unset. */
function currentValue(target: FormTarget, chain: ChainItem[], yaml: string): { present: boolean; value: unknown } {
  if (target.kind === 'setting') return { present: true, value: readSetting(yaml, target.path) }
  const item = chain.find((c) => c.id === target.itemId)
  return item === undefined ? { present: false, value: undefined } : { present: true, value: item.params[target.name] }
}

/**
 * The problems that still stand: one whose chain item is gone, or whose value the recipe changed
 * since (the YAML, a histogram handle, undo), no longer describes what the form shows.
 */
export function standingProblems(problems: Record<string, FormProblem>, chain: ChainItem[], yaml: string): Record<string, FormProblem> {
  const out: Record<string, FormProblem> = {}
  let changed = false
  for (const [key, problem] of Object.entries(problems)) {
    const now = currentValue(problem.target, chain, yaml)
    if (now.present && JSON.stringify(now.value) === JSON.stringify(problem.base)) out[key] = problem
    else changed = true
  }
  return changed ? out : problems
}
