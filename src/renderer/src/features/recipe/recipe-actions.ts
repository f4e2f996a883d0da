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
import { scheduleCheck, schedulePreview } from './recipe-background'
import { formProblemKey, standingProblems, type FormProblem, type FormTarget } from './form-problems'
import { recordEdit, redoStep, undoStep, type RecipeSnapshot } from './recipe-history'
import { datasetStem } from './dataset-output'
import { followRecipeColumns } from './recipe-columns'

// No project_name: a job is named after the file the recipe is saved to.
const NEW_RECIPE = `# A Data-Juicer recipe: add operators from the palette.
dataset_path: ''
export_path: ./sieve-output/result.parquet
text_keys: text
process: []
`

type RecipeState = ReturnType<typeof useStore.getState>['recipe']

function recipeState(): RecipeState {
  return useStore.getState().recipe
}

function snapshotOf(recipe: RecipeState, key: string | null): RecipeSnapshot {
  return { yaml: recipe.yaml, chain: recipe.chain, yamlProblem: recipe.yamlProblem, selected: recipe.selected, key, at: Date.now() }
}

/** An edit was made from `before`: it becomes a step of undo (edits of one field in quick succession make one step). */
function remember(before: RecipeState, key: string | null): void {
  const now = recipeState()
  if (before.yaml === now.yaml && JSON.stringify(before.chain) === JSON.stringify(now.chain)) return
  useStore.setState({ recipeHistory: recordEdit(useStore.getState().recipeHistory, snapshotOf(before, key)) })
}

/** After any change of the recipe: form problems the change settled go, and the check and preview run again. */
function afterChange(): void {
  const current = recipeState()
  const formProblems = standingProblems(current.formProblems, current.chain, current.yaml)
  if (formProblems !== current.formProblems) useStore.setState({ recipe: { ...current, formProblems } })
  scheduleCheck()
  schedulePreview()
  void followRecipeColumns()
}

/**
 * Replaces the recipe's YAML (typed in the YAML view, or opened): the chain follows when it parses.
 * An edit (dirty, the default) is a step of undo; `editKey` names the field so typing in it makes one step.
 */
export function setRecipeYaml(yaml: string, options: { baseDir?: string; path?: string | null; dirty?: boolean; editKey?: string } = {}): void {
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
  if (options.dirty !== false) remember(current, options.editKey ?? 'yaml')
  afterChange()
}

/** The chain was edited (palette, reorder, parameters, enable): the YAML is rewritten from it. */
function setChain(chain: ChainItem[], selected?: string | null, editKey: string | null = null): void {
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
  remember(current, editKey)
  afterChange()
}

/** Puts back a state of the recipe from its history. */
function restore(to: RecipeSnapshot, history: { past: RecipeSnapshot[]; future: RecipeSnapshot[] }): void {
  const current = recipeState()
  useStore.setState({
    recipe: { ...current, yaml: to.yaml, chain: to.chain, yamlProblem: to.yamlProblem, selected: to.selected, dirty: true },
    recipeHistory: history
  })
  afterChange()
}

/** Undo (Ctrl+Z): the recipe as it was before its last edit. */
export function undoRecipe(): boolean {
  const step = undoStep(useStore.getState().recipeHistory, snapshotOf(recipeState(), null))
  if (step === null) return false
  restore(step.to, step.history)
  return true
}

/** Redo (Ctrl+Shift+Z, Ctrl+Y): the edit last undone, again. */
export function redoRecipe(): boolean {
  const step = redoStep(useStore.getState().recipeHistory, snapshotOf(recipeState(), null))
  if (step === null) return false
  restore(step.to, step.history)
  return true
}

/** A form field holds a value that is not valid (so it is not in the recipe), or no longer does (null). */
export function setFormProblem(target: FormTarget, problem: Omit<FormProblem, 'target'> | null): void {
  const current = recipeState()
  const key = formProblemKey(target)
  if (problem === null && !(key in current.formProblems)) return
  const formProblems = { ...current.formProblems }
  if (problem === null) delete formProblems[key]
  else formProblems[key] = { ...problem, target }
  useStore.setState({ recipe: { ...current, formProblems } })
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
  setChain(withParam(recipeState().chain, id, name, value), undefined, `param:${id}:${name}`)
}

/** One recipe setting (e.g. ['export', 'compression']); undefined removes it so the default applies. */
export function setRecipeSetting(path: string[], value: unknown): void {
  const current = recipeState()
  if (current.yamlProblem !== null) return
  setRecipeYaml(yamlWithSetting(current.yaml, path, value), { dirty: true, editKey: `setting:${path.join('.')}` })
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
    clearRecipe()
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

/** Another recipe takes the place of this one: its chain, form problems and undo history go with it. */
function clearRecipe(): void {
  useStore.setState({
    recipe: { ...recipeState(), chain: [], selected: null, fileProblem: null, formProblems: {} },
    recipeHistory: { past: [], future: [] }
  })
}

/** The YAML of a new recipe with an empty chain, reading `datasetPaths` (none: not chosen yet). */
function newRecipeYaml(datasetPaths: readonly string[], textKeys: readonly string[]): string {
  const homeDir = useStore.getState().info?.homeDir ?? ''
  let yaml = NEW_RECIPE
  if (datasetPaths.length > 0) yaml = withDataset(yaml, datasetPaths, textKeys, homeDir)
  return yaml
}

/**
 * The recipe set to read a dataset: its path, its text field(s), and an output named after it in
 * `<home>/sieve-output`, as is the project name (so its work directory does not meet another dataset's).
 */
function withDataset(yaml: string, datasetPaths: readonly string[], textKeys: readonly string[], homeDir: string): string {
  const stem = datasetStem(datasetPaths)
  let out = yamlWithSetting(yaml, ['project_name'], `${stem}-clean`)
  out = yamlWithSetting(out, ['dataset_path'], datasetPaths.length === 1 ? datasetPaths[0] : [...datasetPaths])
  if (textKeys.length > 0) out = yamlWithSetting(out, ['text_keys'], textKeys.length === 1 ? textKeys[0] : [...textKeys])
  return yamlWithSetting(out, ['export_path'], joinPath(homeDir, `sieve-output/${stem}-clean.parquet`))
}

/** A new recipe on the open dataset, reading its `text` column or, when it has none, its first text column. */
export function newRecipeOnOpenDataset(): void {
  if (!mayReplaceRecipe('start a new one')) return
  const dataset = useStore.getState().dataset
  const paths = dataset.status === 'ready' ? datasetPaths(dataset.summary) : []
  const columns = dataset.status === 'ready' ? textColumns(dataset.summary) : []
  clearRecipe()
  setRecipeYaml(newRecipeYaml(paths, columns.slice(0, 1)), { baseDir: useStore.getState().info?.homeDir ?? '', path: null, dirty: false })
  useStore.setState({ view: 'recipe' })
}

/**
 * "Build a recipe on this dataset": a new recipe on it with an empty chain, or — when the user
 * chose to keep it — the current chain, moved onto the dataset. Either way the output is named
 * after the dataset. False when the user would not discard unsaved changes.
 */
export function buildRecipeOnDataset(datasetPaths: readonly string[], textKeys: readonly string[], keepChain: boolean): boolean {
  const current = recipeState()
  const homeDir = useStore.getState().info?.homeDir ?? ''
  if (keepChain && current.yaml !== '' && current.yamlProblem === null) {
    // The old work directory holds the old job; the new one goes beside the new output (the default).
    const yaml = yamlWithSetting(withDataset(current.yaml, datasetPaths, textKeys, homeDir), ['work_dir'], undefined)
    // A recipe for another dataset: saving it asks where, rather than overwriting the file the chain came from.
    setRecipeYaml(yaml, { editKey: 'dataset', path: null })
    return true
  }
  if (!mayReplaceRecipe('start a new one on this dataset')) return false
  clearRecipe()
  setRecipeYaml(newRecipeYaml(datasetPaths, textKeys), { baseDir: homeDir, path: null, dirty: false })
  return true
}

/** The recipe reads another dataset ("Use the open dataset"): its path and the text field(s) the operators read; the rest stays. */
export function setRecipeDataset(datasetPaths: readonly string[], textKeys: string[]): void {
  if (recipeState().yaml === '') setRecipeYaml(NEW_RECIPE, { baseDir: useStore.getState().info?.homeDir ?? '', path: null, dirty: false })
  let yaml = yamlWithSetting(recipeState().yaml, ['dataset_path'], datasetPaths.length === 1 ? datasetPaths[0] : [...datasetPaths])
  if (textKeys.length > 0) yaml = yamlWithSetting(yaml, ['text_keys'], textKeys.length === 1 ? textKeys[0] : textKeys)
  setRecipeYaml(yaml, { editKey: 'dataset' })
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

export async function exportRecipe(to: 'data-juicer' | 'ray'): Promise<{ yaml: string; warnings: string[] }> {
  const { yaml, baseDir } = recipeState()
  return deps().api.exportRecipe({ yaml, ...(baseDir !== '' ? { baseDir } : {}), to })
}

/** Puts back a recipe kept from an earlier session (a reload): as it was, with its check and preview run again. */
export function restoreRecipeState(
  state: Pick<RecipeState, 'yaml' | 'baseDir' | 'path' | 'dirty' | 'chain' | 'yamlProblem' | 'selected' | 'formProblems'>
): void {
  useStore.setState({ recipe: { ...recipeState(), ...state, fileProblem: null }, recipeHistory: { past: [], future: [] } })
  afterChange()
}
