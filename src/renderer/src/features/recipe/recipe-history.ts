import type { ChainItem, YamlProblem } from './recipe-draft'

/** The recipe as an edit found it: what undo puts back. */
export interface RecipeSnapshot {
  yaml: string
  chain: ChainItem[]
  yamlProblem: YamlProblem | null
  selected: string | null
  /** Edits of the same field in quick succession (typing "250") undo together. */
  key: string | null
  at: number
}

export interface RecipeHistory {
  past: RecipeSnapshot[]
  future: RecipeSnapshot[]
}

/** How far back undo goes. */
export const HISTORY_LIMIT = 200
/** Edits of one field closer together than this are one step of undo. */
export const COALESCE_MS = 1000

/**
 * The history after an edit made from `before`. A new edit clears what was undone; one more edit of
 * the field just edited (same key, within COALESCE_MS) adds no step, so undo takes it back to before the first.
 */
export function recordEdit(history: RecipeHistory, before: RecipeSnapshot): RecipeHistory {
  const last = history.past[history.past.length - 1]
  if (last !== undefined && before.key !== null && last.key === before.key && before.at - last.at < COALESCE_MS) {
    // The step stays; its time moves on, so steady typing stays one step.
    return { past: [...history.past.slice(0, -1), { ...last, at: before.at }], future: [] }
  }
  return { past: [...history.past, before].slice(-HISTORY_LIMIT), future: [] }
}

/** The state undo goes back to, and the history after it; null when there is nothing to undo. */
export function undoStep(history: RecipeHistory, current: RecipeSnapshot): { to: RecipeSnapshot; history: RecipeHistory } | null {
  const to = history.past[history.past.length - 1]
  if (to === undefined) return null
  return { to, history: { past: history.past.slice(0, -1), future: [...history.future, { ...current, key: null }] } }
}

/** The state redo goes forward to, and the history after it; null when nothing was undone. */
export function redoStep(history: RecipeHistory, current: RecipeSnapshot): { to: RecipeSnapshot; history: RecipeHistory } | null {
  const to = history.future[history.future.length - 1]
  if (to === undefined) return null
  return { to, history: { past: [...history.past, { ...current, key: null }], future: history.future.slice(0, -1) } }
}
