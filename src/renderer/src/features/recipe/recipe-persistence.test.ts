import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SieveApi } from '../../../../shared/api'
import { setDeps } from '../../app/deps'
import { useStore } from '../../app/store'
import { addOperator, newRecipeOnOpenDataset, saveRecipe, setChainItemEnabled, setFormProblem } from './recipe-actions'
import { DRAFT_KEY, keepRecipeDrafts, readDraft, restoreRecipeDraft, warnBeforeLeavingUnsaved } from './recipe-persistence'

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return {
    items,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    removeItem: (k) => void items.delete(k)
  }
}

function fakeApi(): SieveApi {
  const calls: Partial<Record<keyof SieveApi, (...args: never[]) => unknown>> = {
    validateRecipe: () => Promise.resolve({ recipe: { process: [], export_path: '/out' }, notes: [] }),
    runPreview: () => Promise.resolve({ rows: 0, steps: [] }),
    inspectDataset: () => Promise.resolve({ schema: [] }),
    saveRecipe: (p: never) => Promise.resolve({ path: (p as { path: string }).path, baseDir: '/r' })
  }
  return new Proxy({} as SieveApi, {
    get: (_, name: string) => calls[name as keyof SieveApi] ?? (() => Promise.reject(new Error(`unexpected api.${name}`)))
  })
}

const initial = useStore.getState()
let stop: () => void = () => {}
beforeEach(() => {
  vi.useFakeTimers()
  useStore.setState(initial, true)
  setDeps({ api: fakeApi(), confirm: () => true })
})
afterEach(() => {
  stop()
  vi.useRealTimers()
})

describe('the recipe outlives a reload', () => {
  it('is written on each change and comes back as it was: disabled operators, selection, a value typed but not valid', () => {
    const storage = memoryStorage()
    stop = keepRecipeDrafts(storage)
    newRecipeOnOpenDataset()
    addOperator('whitespace_normalization_mapper')
    addOperator('text_length_filter')
    const [mapper, filter] = useStore.getState().recipe.chain.map((c) => c.id)
    setChainItemEnabled(mapper!, false)
    setFormProblem(
      { kind: 'param', itemId: filter!, name: 'min_len' },
      { label: 'min_len of text_length_filter', text: '-5', message: 'Below the minimum, 0.', base: undefined }
    )
    const before = useStore.getState().recipe
    stop()

    // A reload: a fresh store, the same storage.
    useStore.setState(initial, true)
    expect(restoreRecipeDraft(storage)).toBe(true)
    const after = useStore.getState().recipe
    expect(after.yaml).toBe(before.yaml)
    expect(after.chain).toEqual(before.chain)
    expect(after.dirty).toBe(true)
    expect(after.selected).toBe(filter)
    expect(after.formProblems).toEqual(before.formProblems)
    expect(useStore.getState().recipeHistory).toEqual({ past: [], future: [] })
  })

  it('keeps the saved state too, and forgets nothing it cannot read', async () => {
    const storage = memoryStorage()
    stop = keepRecipeDrafts(storage)
    newRecipeOnOpenDataset()
    addOperator('text_length_filter')
    await saveRecipe('/r/mine.yaml')
    expect(readDraft(storage)).toMatchObject({ path: '/r/mine.yaml', dirty: false })

    storage.setItem(DRAFT_KEY, '{not json')
    expect(restoreRecipeDraft(storage)).toBe(false)
    storage.setItem(DRAFT_KEY, JSON.stringify({ version: 1, yaml: 'x: 1', baseDir: '', path: null, dirty: true, chain: [{ id: 1 }] }))
    expect(readDraft(storage)).toBeNull()
    expect(storage.getItem(DRAFT_KEY)).not.toBeNull()
  })

  it('asks before the window is left or reloaded with unsaved changes, and only then', () => {
    let listener: ((e: BeforeUnloadEvent) => void) | undefined
    const target = {
      addEventListener: (_: string, l: (e: BeforeUnloadEvent) => void) => (listener = l),
      removeEventListener: vi.fn()
    } as unknown as Window
    stop = warnBeforeLeavingUnsaved(target)
    const event = (): BeforeUnloadEvent => ({ preventDefault: vi.fn(), returnValue: undefined }) as unknown as BeforeUnloadEvent
    newRecipeOnOpenDataset()
    const clean = event()
    listener!(clean)
    expect(clean.preventDefault).not.toHaveBeenCalled()
    addOperator('text_length_filter')
    useStore.setState({ info: { transport: 'websocket' } as never })
    const dirty = event()
    listener!(dirty)
    expect(dirty.preventDefault).toHaveBeenCalled()
    // The desktop window keeps the draft instead: a blocked unload there would only stop it closing.
    useStore.setState({ info: { transport: 'ipc' } as never })
    const desktop = event()
    listener!(desktop)
    expect(desktop.preventDefault).not.toHaveBeenCalled()
  })
})
