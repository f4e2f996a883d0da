import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SieveApi } from '../../../../shared/api'
import { setDeps } from '../../app/deps'
import { useStore } from '../../app/store'
import {
  addOperator,
  buildRecipeOnDataset,
  duplicateChainItem,
  moveChainItemBy,
  newRecipeOnOpenDataset,
  redoRecipe,
  removeChainItem,
  setChainItemEnabled,
  setChainParam,
  setFormProblem,
  setRecipeSetting,
  undoRecipe
} from './recipe-actions'
import { readSetting } from './recipe-draft'
import { runBlockers } from './run-readiness'

/** A backend that passes every recipe and previews nothing; the recipe's dataset has the columns `text` and `airline`. */
function fakeApi(): SieveApi {
  const calls: Partial<Record<keyof SieveApi, (...args: never[]) => unknown>> = {
    validateRecipe: () => Promise.resolve({ recipe: { process: [], export_path: '/out' }, notes: [] }),
    runPreview: () => Promise.resolve({ rows: 0, steps: [] }),
    inspectDataset: () =>
      Promise.resolve({
        schema: [
          { name: 'text', type: 'Utf8', nullable: true },
          { name: 'airline', type: 'Utf8', nullable: true },
          { name: 'id', type: 'Int64', nullable: true },
          { name: 'meta', type: 'Struct<{text:Utf8}>', nullable: true }
        ]
      })
  }
  return new Proxy({} as SieveApi, {
    get: (_, name: string) => calls[name as keyof SieveApi] ?? (() => Promise.reject(new Error(`unexpected api.${name}`)))
  })
}

const initial = useStore.getState()
const confirm = vi.fn(() => true)
beforeEach(() => {
  vi.useFakeTimers()
  useStore.setState(initial, true)
  useStore.setState({ info: { homeDir: '/home/u' } as never })
  confirm.mockReset().mockReturnValue(true)
  setDeps({ api: fakeApi(), confirm })
})
afterEach(() => vi.useRealTimers())

const names = (): string[] => useStore.getState().recipe.chain.map((c) => (c.enabled ? c.name : `${c.name} (off)`))
const chainIds = (): string[] => useStore.getState().recipe.chain.map((c) => c.id)

describe('undo and redo of the recipe', () => {
  it('takes back chain edits one at a time — add, reorder, disable, duplicate, remove — and redoes them', () => {
    newRecipeOnOpenDataset()
    addOperator('whitespace_normalization_mapper')
    addOperator('text_length_filter')
    const [mapper, filter] = chainIds()
    moveChainItemBy(filter!, -1)
    setChainItemEnabled(mapper!, false)
    duplicateChainItem(filter!)
    removeChainItem(filter!)
    expect(names()).toEqual(['text_length_filter', 'whitespace_normalization_mapper (off)'])
    const steps = [
      ['text_length_filter', 'text_length_filter', 'whitespace_normalization_mapper (off)'],
      ['text_length_filter', 'whitespace_normalization_mapper (off)'],
      ['text_length_filter', 'whitespace_normalization_mapper'],
      ['whitespace_normalization_mapper', 'text_length_filter'],
      ['whitespace_normalization_mapper'],
      []
    ]
    for (const expected of steps) {
      expect(undoRecipe()).toBe(true)
      expect(names()).toEqual(expected)
    }
    expect(undoRecipe()).toBe(false)
    for (const expected of [...steps].reverse().slice(1)) {
      expect(redoRecipe()).toBe(true)
      expect(names()).toEqual(expected)
    }
    expect(redoRecipe()).toBe(true)
    expect(names()).toEqual(['text_length_filter', 'whitespace_normalization_mapper (off)'])
    expect(redoRecipe()).toBe(false)
  })

  it('brings a deleted operator back with its id, parameters and place, and the YAML with it', () => {
    newRecipeOnOpenDataset()
    addOperator('text_length_filter')
    const [id] = chainIds()
    setChainParam(id!, 'min_len', 46)
    vi.advanceTimersByTime(2000)
    const before = useStore.getState().recipe.yaml
    removeChainItem(id!)
    expect(useStore.getState().recipe.yaml).not.toContain('text_length_filter')
    undoRecipe()
    expect(useStore.getState().recipe.chain).toEqual([{ id, name: 'text_length_filter', params: { min_len: 46 }, enabled: true }])
    expect(useStore.getState().recipe.yaml).toBe(before)
  })

  it('undoes a parameter typed in one go as one step, and a run setting too', () => {
    newRecipeOnOpenDataset()
    addOperator('text_length_filter')
    const [id] = chainIds()
    for (const value of [2, 25, 250]) setChainParam(id!, 'min_len', value)
    setRecipeSetting(['np'], 4)
    undoRecipe()
    expect(readSetting(useStore.getState().recipe.yaml, ['np'])).toBeUndefined()
    expect(useStore.getState().recipe.chain[0]!.params).toEqual({ min_len: 250 })
    undoRecipe()
    expect(useStore.getState().recipe.chain[0]!.params).toEqual({})
    // A new edit after an undo: nothing is left to redo.
    setChainParam(id!, 'max_len', 10)
    expect(redoRecipe()).toBe(false)
  })
})

describe('the window runs only what it shows', () => {
  it('a value typed but not valid blocks the run, until fixed, changed elsewhere, or its operator removed', () => {
    newRecipeOnOpenDataset()
    buildRecipeOnDataset(['/d/tweets.csv'], ['text'], false)
    addOperator('text_length_filter')
    const [id] = chainIds()
    setChainParam(id!, 'min_len', 46)
    const target = { kind: 'param', itemId: id!, name: 'min_len' } as const
    setFormProblem(target, { label: 'min_len of text_length_filter', text: '-5', message: 'Below the minimum, 0.', base: 46 })
    const blockers = (): string[] => runBlockers(useStore.getState()).map((b) => b.message)
    expect(blockers()[0]).toBe('min_len of text_length_filter “-5”: Below the minimum, 0. It is not in the recipe until fixed.')
    // The value changed elsewhere (a histogram handle, the YAML): the field shows the new value, the problem is gone.
    setChainParam(id!, 'min_len', 50)
    expect(useStore.getState().recipe.formProblems).toEqual({})
    setFormProblem(target, { label: 'min_len of text_length_filter', text: '-5', message: 'Below the minimum, 0.', base: 50 })
    removeChainItem(id!)
    expect(useStore.getState().recipe.formProblems).toEqual({})
  })

  it('a blank new recipe is unfinished, not an error: no red, and Run says what is missing', async () => {
    newRecipeOnOpenDataset()
    await vi.advanceTimersByTimeAsync(1000)
    const { check } = useStore.getState().recipe
    expect(check).toEqual({ status: 'incomplete', message: expect.stringContaining('No dataset yet') as string })
    expect(runBlockers(useStore.getState()).map((b) => b.kind)).toEqual(['check'])
    // With a dataset but no operators, it is still unfinished rather than wrong.
    buildRecipeOnDataset(['/d/tweets.csv'], ['text'], false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(useStore.getState().recipe.check).toEqual({ status: 'incomplete', message: 'No operators yet: add one from the palette.' })
  })

  it('a text field that is not a column of the recipe’s dataset blocks the run, naming the columns it has', async () => {
    buildRecipeOnDataset(['/d/tweets.csv'], ['tweet'], false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(useStore.getState().recipeColumns).toMatchObject({ status: 'ready', textColumns: ['text', 'airline'] })
    expect(
      runBlockers(useStore.getState())
        .filter((b) => b.kind === 'column')
        .map((b) => b.message)
    ).toEqual(['The text field tweet is not a text column of tweets.csv (it has text, airline): pick one in the Recipe view.'])
    // A nested key reaches into a struct column the dataset has.
    setRecipeSetting(['text_keys'], 'meta.text')
    expect(runBlockers(useStore.getState()).filter((b) => b.kind === 'column')).toEqual([])
    setRecipeSetting(['text_keys'], 'other.text')
    expect(runBlockers(useStore.getState()).filter((b) => b.kind === 'column')).toHaveLength(1)
  })
})

describe('a recipe built on a dataset', () => {
  it('reads that dataset, with an empty chain and an output named after it, unless the chain is kept', () => {
    newRecipeOnOpenDataset()
    addOperator('text_length_filter')
    setRecipeSetting(['work_dir'], '/old/work')
    useStore.setState({ recipe: { ...useStore.getState().recipe, path: '/r/starter.yaml' } })
    expect(buildRecipeOnDataset(['/d/Tweets.csv'], ['text'], true)).toBe(true)
    let { yaml } = useStore.getState().recipe
    expect(names()).toEqual(['text_length_filter'])
    expect(readSetting(yaml, ['dataset_path'])).toBe('/d/Tweets.csv')
    expect(readSetting(yaml, ['export_path'])).toBe('/home/u/sieve-output/Tweets-clean.parquet')
    expect(readSetting(yaml, ['project_name'])).toBe('Tweets-clean')
    expect(readSetting(yaml, ['work_dir'])).toBeUndefined()
    expect(useStore.getState().recipe.path).toBeNull()

    expect(buildRecipeOnDataset(['/d/gsm8k.jsonl'], ['question'], false)).toBe(true)
    expect(confirm).toHaveBeenCalledWith('The untitled recipe has unsaved changes. Discard them and start a new one on this dataset?')
    expect(confirm).toHaveBeenCalledTimes(1)
    yaml = useStore.getState().recipe.yaml
    expect(names()).toEqual([])
    expect(readSetting(yaml, ['text_keys'])).toBe('question')
    expect(readSetting(yaml, ['export_path'])).toBe('/home/u/sieve-output/gsm8k-clean.parquet')
  })

  it('keeps unsaved changes when the user says no', () => {
    newRecipeOnOpenDataset()
    addOperator('text_length_filter')
    confirm.mockReturnValue(false)
    expect(buildRecipeOnDataset(['/d/x.csv'], ['text'], false)).toBe(false)
    expect(names()).toEqual(['text_length_filter'])
  })
})
