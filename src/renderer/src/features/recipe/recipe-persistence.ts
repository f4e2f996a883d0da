import { useStore } from '../../app/store'
import { restoreRecipeState } from './recipe-actions'
import type { ChainItem, YamlProblem } from './recipe-draft'
import type { FormProblem } from './form-problems'

/**
 * The recipe being built outlives a reload: it is kept in the window's storage after each change
 * and put back when the window opens. One draft per origin — in the browser build that is one per
 * `sieve serve` port, in the desktop app one per installation.
 */
export const DRAFT_KEY = 'sieve.recipe-draft.v1'

type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

export interface StoredDraft {
  version: 1
  yaml: string
  baseDir: string
  path: string | null
  dirty: boolean
  chain: ChainItem[]
  yamlProblem: YamlProblem | null
  selected: string | null
  formProblems: Record<string, FormProblem>
}

function isChainItem(value: unknown): value is ChainItem {
  const v = value as Partial<ChainItem> | null
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.name === 'string' &&
    typeof v.enabled === 'boolean' &&
    typeof v.params === 'object' &&
    v.params !== null
  )
}

/** A stored draft, or null when there is none or it is not one this version wrote (then it is left alone, not guessed at). */
export function readDraft(storage: DraftStorage): StoredDraft | null {
  let value: unknown
  try {
    value = JSON.parse(storage.getItem(DRAFT_KEY) ?? 'null')
  } catch {
    return null
  }
  const d = value as Partial<StoredDraft> | null
  if (d === null || typeof d !== 'object' || d.version !== 1 || typeof d.yaml !== 'string' || d.yaml === '') return null
  if (typeof d.baseDir !== 'string' || !(d.path === null || typeof d.path === 'string') || typeof d.dirty !== 'boolean') return null
  if (!Array.isArray(d.chain) || !d.chain.every(isChainItem)) return null
  return {
    version: 1,
    yaml: d.yaml,
    baseDir: d.baseDir,
    path: d.path,
    dirty: d.dirty,
    chain: d.chain,
    yamlProblem: d.yamlProblem ?? null,
    selected: typeof d.selected === 'string' ? d.selected : null,
    formProblems: typeof d.formProblems === 'object' && d.formProblems !== null ? d.formProblems : {}
  }
}

/** Puts the stored draft back as the recipe being built; false when there was none. */
export function restoreRecipeDraft(storage: DraftStorage): boolean {
  const draft = readDraft(storage)
  if (draft === null) return false
  const { yaml, baseDir, path, dirty, chain, yamlProblem, selected, formProblems } = draft
  restoreRecipeState({ yaml, baseDir, path, dirty, chain, yamlProblem, selected, formProblems })
  return true
}

/** Writes the recipe to storage whenever it changes; returns the unsubscribe. */
export function keepRecipeDrafts(storage: DraftStorage): () => void {
  return useStore.subscribe((state, previous) => {
    const r = state.recipe
    const p = previous.recipe
    if (
      r.yaml === p.yaml &&
      r.chain === p.chain &&
      r.path === p.path &&
      r.dirty === p.dirty &&
      r.baseDir === p.baseDir &&
      r.selected === p.selected &&
      r.formProblems === p.formProblems
    )
      return
    try {
      if (r.yaml === '') storage.removeItem(DRAFT_KEY)
      else {
        const draft: StoredDraft = {
          version: 1,
          yaml: r.yaml,
          baseDir: r.baseDir,
          path: r.path,
          dirty: r.dirty,
          chain: r.chain,
          yamlProblem: r.yamlProblem,
          selected: r.selected,
          formProblems: r.formProblems
        }
        storage.setItem(DRAFT_KEY, JSON.stringify(draft))
      }
    } catch {
      // Storage full or refused (a private window): the recipe still works, it only will not outlive a reload.
    }
  })
}

/**
 * Leaving or reloading the browser tab with unsaved changes asks first (the draft is kept either
 * way). The desktop window does not: Electron shows no prompt of its own, a blocked unload would
 * silently refuse to close it, and its draft comes back at the next start.
 */
export function warnBeforeLeavingUnsaved(target: Pick<Window, 'addEventListener' | 'removeEventListener'>): () => void {
  const onBeforeUnload = (e: BeforeUnloadEvent): void => {
    const { recipe, info } = useStore.getState()
    if (!recipe.dirty || info?.transport === 'ipc') return
    e.preventDefault()
    // Older Chromium (and Electron's will-prevent-unload) need returnValue set as well.
    e.returnValue = ''
  }
  target.addEventListener('beforeunload', onBeforeUnload)
  return () => target.removeEventListener('beforeunload', onBeforeUnload)
}
