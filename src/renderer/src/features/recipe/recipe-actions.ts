import { SieveError } from '../../../../shared/errors'
import { deps } from '../../app/deps'
import {
  chainFromYaml,
  duplicateItem,
  insertItem,
  moveItem,
  newChainId,
  readSetting,
  withParam,
  yamlWithChain,
  yamlWithSetting,
  type ChainItem
} from './recipe-draft'
import type { OpParams } from '../../../../shared/ops'
import { baseName, dirName, joinPath } from '../../paths'
import { datasetPaths, textColumns } from '../../dataset-fields'
import { useStore } from '../../app/store'
import { asApiError } from '../../app/errors'
import { latest } from '../../app/latest'
import { browse } from '../browser/browser-actions'

const CHECK_DELAY_MS = 250
const PREVIEW_DELAY_MS = 350
const PREVIEW_ROWS = 1000

let checkTimer: ReturnType<typeof setTimeout> | undefined
let previewTimer: ReturnType<typeof setTimeout> | undefined
const checkRequests = latest()
const previewRequests = latest()
/** What the shown preview was computed from; a change elsewhere in the recipe (output, workers) does not rerun it. */
let previewKey = ''

const NEW_RECIPE = `# A Data-Juicer recipe: add operators from the palette.
project_name: my-recipe
dataset_path: ''
export_path: ./sieve-output/result.parquet
text_keys: text
process: []
`

function recipeState(): ReturnType<typeof useStore.getState>['recipe'] {
  return useStore.getState().recipe
}

/** Replaces the recipe's YAML (typed in the YAML view, or opened): the chain follows when it parses. */
export function setRecipeYaml(yaml: string, options: { baseDir?: string; path?: string | null; dirty?: boolean } = {}): void {
  const current = recipeState()
  const parsed = chainFromYaml(yaml, current.chain)
  const chain = 'chain' in parsed ? parsed.chain : current.chain
  useStore.setState({
    recipe: {
      ...current,
      yaml,
      chain,
      yamlProblem: 'problem' in parsed ? parsed.problem : null,
      ...(options.baseDir !== undefined ? { baseDir: options.baseDir } : {}),
      ...(options.path !== undefined ? { path: options.path } : {}),
      dirty: options.dirty ?? true,
      selected: chain.some((c) => c.id === current.selected) ? current.selected : null
    }
  })
  scheduleCheck()
  schedulePreview()
}

/** The chain was edited (palette, reorder, parameters, enable): the YAML is rewritten from it. */
function setChain(chain: ChainItem[], selected?: string | null): void {
  const current = recipeState()
  if (current.yamlProblem !== null) return
  useStore.setState({
    recipe: {
      ...current,
      chain,
      yaml: yamlWithChain(current.yaml, chain),
      dirty: true,
      ...(selected !== undefined ? { selected } : {})
    }
  })
  scheduleCheck()
  schedulePreview()
}

export function selectChainItem(id: string | null): void {
  useStore.setState({ recipe: { ...recipeState(), selected: id } })
}

/** Adds an operator (defaults for every parameter) at `index`, or after the selected item, or at the end; it becomes the selected one. */
export function addOperator(name: string, index?: number): void {
  const { chain, selected } = recipeState()
  const afterSelected = chain.findIndex((c) => c.id === selected)
  const at = index ?? (afterSelected >= 0 ? afterSelected + 1 : chain.length)
  const item: ChainItem = { id: newChainId(), name, params: {}, enabled: true }
  setChain(insertItem(chain, item, at), item.id)
}

/** Moves an item so it lands before the item now at `toIndex` (chain length: to the end). */
export function moveChainItem(id: string, toIndex: number): void {
  setChain(moveItem(recipeState().chain, id, toIndex))
}

/** Moves an item one place up (-1) or down (+1). */
export function moveChainItemBy(id: string, delta: -1 | 1): void {
  const { chain } = recipeState()
  const from = chain.findIndex((c) => c.id === id)
  const to = from + delta
  if (from < 0 || to < 0 || to >= chain.length) return
  moveChainItem(id, delta > 0 ? to + 1 : to)
}

export function duplicateChainItem(id: string): void {
  const { chain, copy } = duplicateItem(recipeState().chain, id)
  if (copy !== null) setChain(chain, copy.id)
}

export function removeChainItem(id: string): void {
  const { chain, selected } = recipeState()
  setChain(
    chain.filter((c) => c.id !== id),
    selected === id ? null : selected
  )
}

/** A disabled item stays in the chain (and out of the YAML and the preview). */
export function setChainItemEnabled(id: string, enabled: boolean): void {
  setChain(recipeState().chain.map((c) => (c.id === id ? { ...c, enabled } : c)))
}

/** One parameter of a chain item; undefined removes it so its default applies. */
export function setChainParam(id: string, name: string, value: OpParams[string] | undefined): void {
  setChain(withParam(recipeState().chain, id, name, value))
}

/** One recipe setting (e.g. ['export', 'compression']); undefined removes it so the default applies. */
export function setRecipeSetting(path: string[], value: unknown): void {
  const current = recipeState()
  if (current.yamlProblem !== null) return
  setRecipeYaml(yamlWithSetting(current.yaml, path, value), { dirty: true })
}

const openRequests = latest()

/** Unsaved changes are replaced only when the user says so. */
function mayReplaceRecipe(by: string): boolean {
  const { dirty, path } = recipeState()
  if (!dirty) return true
  return deps().confirm(`${path === null ? 'The untitled recipe' : baseName(path)} has unsaved changes. Discard them and ${by}?`)
}

export async function openRecipeFile(path: string): Promise<void> {
  if (!mayReplaceRecipe(`open ${baseName(path)}`)) return
  const request = openRequests.begin()
  try {
    const { yaml, baseDir } = await deps().api.readRecipe({ path })
    if (!request.current) return
    useStore.setState({ recipe: { ...recipeState(), chain: [], selected: null, fileProblem: null } })
    setRecipeYaml(yaml, { baseDir, path, dirty: false })
    useStore.setState({ view: 'recipe' })
  } catch (err) {
    if (!request.current) return
    // The recipe being built stays as it was, and so does its check: only the file could not be read.
    useStore.setState({ recipe: { ...recipeState(), fileProblem: { action: 'open', message: asApiError(err).message } }, view: 'recipe' })
  }
}

/**
 * The Recipe view opened with no recipe: on the bundled sample, the starter recipe (so the preview
 * shows something at once), writing into the home folder rather than beside the app's own files;
 * on any other dataset, an empty recipe.
 */
export async function ensureRecipe(): Promise<void> {
  if (recipeState().yaml !== '') return
  const { dataset, info } = useStore.getState()
  if (dataset.status !== 'ready' || !dataset.isSample || info === null) {
    newRecipeOnOpenDataset()
    return
  }
  await openRecipeFile(info.sampleRecipe)
  if (recipeState().path !== info.sampleRecipe) return
  const yaml = yamlWithSetting(recipeState().yaml, ['export_path'], joinPath(info.homeDir, 'sieve-output/gsm8k-clean.parquet'))
  setRecipeYaml(yaml, { path: null, dirty: false })
}

/** An empty recipe on the dataset that is open (if any). */
function newRecipe(): void {
  const { info } = useStore.getState()
  useStore.setState({ recipe: { ...recipeState(), chain: [], selected: null } })
  setRecipeYaml(NEW_RECIPE, { baseDir: info?.homeDir ?? '', path: null, dirty: false })
  const dataset = useStore.getState().dataset
  if (dataset.status === 'ready') setRecipeDataset(datasetPaths(dataset.summary), [])
  useStore.setState({ view: 'recipe' })
}

/** A new recipe on the open dataset, reading its `text` column or, when it has none, its first text column. */
export function newRecipeOnOpenDataset(): void {
  if (!mayReplaceRecipe('start a new one')) return
  newRecipe()
  const dataset = useStore.getState().dataset
  if (dataset.status !== 'ready') return
  const columns = textColumns(dataset.summary)
  if (columns.length > 0 && columns[0] !== 'text') setRecipeDataset(datasetPaths(dataset.summary), [columns[0]!])
}

/** The recipe opens on a dataset: its path and the text field(s) the operators read. */
export function setRecipeDataset(datasetPaths: readonly string[], textKeys: string[]): void {
  if (recipeState().yaml === '') setRecipeYaml(NEW_RECIPE, { baseDir: useStore.getState().info?.homeDir ?? '', path: null })
  let yaml = yamlWithSetting(recipeState().yaml, ['dataset_path'], datasetPaths.length === 1 ? datasetPaths[0] : [...datasetPaths])
  if (textKeys.length > 0) yaml = yamlWithSetting(yaml, ['text_keys'], textKeys.length === 1 ? textKeys[0] : textKeys)
  setRecipeYaml(yaml)
}

/** Saves to `path`, or to the file it came from. Relative paths inside keep meaning what they meant: the base folder is recorded. */
export async function saveRecipe(path?: string): Promise<void> {
  const current = recipeState()
  const target = path ?? current.path
  if (target === null) return
  try {
    const destination = joinPath(current.baseDir, target)
    // Saved into another folder, the recipe's relative paths would point elsewhere: they are written out in full.
    const yaml = dirName(destination) === current.baseDir ? current.yaml : withAbsolutePaths(current.yaml, current.baseDir)
    const saved = await deps().api.saveRecipe({ path: destination, yaml })
    const now = recipeState()
    // An edit typed while the file was written stays (and keeps the recipe unsaved) rather than being replaced by what was saved.
    const unchanged = now.yaml === current.yaml
    useStore.setState({
      recipe: { ...now, path: saved.path, fileProblem: null, ...(unchanged ? { yaml, baseDir: saved.baseDir, dirty: false } : {}) }
    })
  } catch (err) {
    useStore.setState({ recipe: { ...recipeState(), fileProblem: { action: 'save', message: asApiError(err).message } } })
  }
}

/** Save (toolbar, Ctrl+S): to the recipe's file, or — never saved — to a file chosen in the path browser. */
export function saveOrAsk(): void {
  const { yaml, path, baseDir } = recipeState()
  // No recipe has been started: there is nothing to save (an empty file would not even read as a recipe).
  if (yaml === '') return
  if (path !== null) void saveRecipe()
  else void browse(baseDir !== '' ? baseDir : undefined, 'save-recipe')
}

const PATH_SETTINGS = [['dataset_path'], ['export_path'], ['work_dir']]

function withAbsolutePaths(yaml: string, baseDir: string): string {
  let out = yaml
  for (const key of PATH_SETTINGS) {
    const value = readSetting(out, key)
    if (typeof value === 'string' && value !== '') out = yamlWithSetting(out, key, joinPath(baseDir, value))
    else if (Array.isArray(value))
      out = yamlWithSetting(
        out,
        key,
        value.map((v) => (typeof v === 'string' ? joinPath(baseDir, v) : v))
      )
  }
  return out
}

export async function exportRecipe(to: 'data-juicer' | 'ray'): Promise<string> {
  const { yaml, baseDir } = recipeState()
  return (await deps().api.exportRecipe({ yaml, ...(baseDir !== '' ? { baseDir } : {}), to })).yaml
}

function scheduleCheck(): void {
  clearTimeout(checkTimer)
  const request = checkRequests.begin()
  useStore.setState({ recipe: { ...recipeState(), check: { status: 'checking' } } })
  checkTimer = setTimeout(() => {
    const { yaml, baseDir, yamlProblem } = recipeState()
    if (yamlProblem !== null) {
      useStore.setState({ recipe: { ...recipeState(), check: { status: 'error', ...yamlProblem } } })
      return
    }
    deps()
      .api.validateRecipe({ yaml, ...(baseDir !== '' ? { baseDir } : {}) })
      .then(
        (r) => {
          if (!request.current) return
          useStore.setState({
            recipe: {
              ...recipeState(),
              check: { status: 'ok', operators: r.recipe.process.length, exportPath: r.recipe.export_path, notes: r.notes, resolved: r.recipe }
            }
          })
        },
        (err: unknown) => {
          if (!request.current) return
          const details = err instanceof SieveError ? (err.details as { line?: unknown; keyPath?: unknown; models?: unknown } | undefined) : undefined
          const models = Array.isArray(details?.models) ? details.models.filter((m): m is string => typeof m === 'string') : []
          useStore.setState({
            recipe: {
              ...recipeState(),
              check: {
                status: 'error',
                message: asApiError(err).message,
                ...(typeof details?.line === 'number' ? { line: details.line } : {}),
                ...(typeof details?.keyPath === 'string' ? { keyPath: details.keyPath } : {}),
                ...(models.length > 0 ? { models } : {})
              }
            }
          })
        }
      )
  }, CHECK_DELAY_MS)
}

/** Checks the recipe and runs the preview again, as after an edit: a model it needed may now be in the store. */
export function recheckRecipe(): void {
  previewKey = ''
  scheduleCheck()
  schedulePreview()
}

/** The dataset the preview reads: the recipe's first dataset_path, taken from the recipe's folder. */
function previewTarget(): { path: string; textKey: string } | { reason: string } {
  const { yaml, baseDir } = recipeState()
  const datasetPath = readSetting(yaml, ['dataset_path'])
  const first = Array.isArray(datasetPath) ? (datasetPath[0] as unknown) : datasetPath
  if (typeof first !== 'string' || first === '') return { reason: 'Open a dataset (or set dataset_path) to preview the chain on its first rows.' }
  const textKeys = readSetting(yaml, ['text_keys'])
  const textKey = Array.isArray(textKeys) ? textKeys[0] : textKeys
  return { path: joinPath(baseDir, first), textKey: typeof textKey === 'string' && textKey !== '' ? textKey : 'text' }
}

/** Runs the enabled chain on the dataset's first rows, a moment after the last edit; older answers are dropped. */
function schedulePreview(): void {
  clearTimeout(previewTimer)
  previewTimer = setTimeout(() => void runPreviewNow(), PREVIEW_DELAY_MS)
}

async function runPreviewNow(): Promise<void> {
  const request = previewRequests.begin()
  const target = previewTarget()
  if ('reason' in target) {
    useStore.setState({ preview: { status: 'idle', reason: target.reason } })
    return
  }
  const previous = useStore.getState().preview
  const last = 'result' in previous ? previous.result : undefined
  const process = recipeState()
    .chain.filter((c) => c.enabled)
    .map((c) => ({ name: c.name, params: c.params }))
  const key = JSON.stringify([target, process])
  if (key === previewKey && previous.status === 'ready') return
  previewKey = key
  useStore.setState({ preview: { status: 'running', ...(last !== undefined ? { result: last } : {}) } })
  try {
    const result = await deps().api.runPreview({ path: target.path, textKey: target.textKey, process, rows: PREVIEW_ROWS })
    if (request.current) useStore.setState({ preview: { status: 'ready', result, datasetPath: target.path, textKey: target.textKey } })
  } catch (err) {
    if (!request.current) return
    previewKey = ''
    useStore.setState({ preview: { status: 'error', message: asApiError(err).message, ...(last !== undefined ? { result: last } : {}) } })
  }
}
