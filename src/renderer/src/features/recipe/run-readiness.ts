import type { RecipeSlice } from './recipe-slice'
import type { FormTarget } from './form-problems'
import { recipeTextKey } from './recipe-background'

/** Why the recipe cannot run as the window shows it; `target` is the field to go and fix, when there is one. */
export interface RunBlocker {
  message: string
  /** A form field's value, the backend's check (or its not having answered yet: pending), the text field's column. */
  kind: 'form' | 'check' | 'pending' | 'column'
  target?: FormTarget
}

/**
 * Everything that stops "Continue to Run" and Start. The window never runs something other than
 * what it shows: a value typed into a form but not valid (so not in the recipe) blocks, and so does
 * a recipe the backend has not passed as it stands now.
 */
export function runBlockers(state: Pick<RecipeSlice, 'recipe' | 'recipeColumns'>): RunBlocker[] {
  const { recipe, recipeColumns } = state
  const out: RunBlocker[] = Object.values(recipe.formProblems).map((p) => ({
    message: `${p.label} “${p.text}”: ${p.message} It is not in the recipe until fixed.`,
    kind: 'form',
    target: p.target
  }))
  const { check } = recipe
  if (recipe.yaml === '') out.push({ kind: 'check', message: 'There is no recipe yet: build one in the Recipe view.' })
  else if (check.status === 'error')
    out.push({
      kind: 'check',
      message: `The recipe cannot run: ${check.message}${check.line !== undefined && !check.message.includes(`line ${check.line}`) ? ` (line ${check.line})` : ''}`
    })
  else if (check.status === 'incomplete') out.push({ kind: 'check', message: check.message })
  else if (check.status !== 'ok') out.push({ kind: 'pending', message: 'Checking the recipe…' })
  if (recipe.yaml !== '' && recipeColumns.status === 'ready') {
    const textKey = recipeTextKey(recipe.yaml)
    const nested = textKey.includes('.') && recipeColumns.columns.includes(textKey.split('.')[0]!)
    if (!recipeColumns.textColumns.includes(textKey) && !nested)
      out.push({
        kind: 'column',
        message: `The text field ${textKey} is not a text column of ${recipeColumns.label}${recipeColumns.textColumns.length > 0 ? ` (it has ${recipeColumns.textColumns.join(', ')})` : ''}: pick one in the Recipe view.`
      })
  }
  return out
}
