import type { JobEventPayload } from '../../../../shared/jobs'
import { deps } from '../../app/deps'
import { asApiError } from '../../app/errors'
import { latest, type Latest } from '../../app/latest'
import { useStore } from '../../app/store'
import { datasetPaths, textColumns } from '../../dataset-fields'
import { joinPath } from '../../paths'
import { datasetStem } from '../recipe/dataset-output'
import { recipeDatasetPaths } from '../recipe/recipe-background'
import { yamlWithSetting } from '../recipe/recipe-draft'
import { shownAnalysis, type AnalysisEntry, type AnalysisRequest, type AnalysisTarget, type ReadyAnalysis } from './analysis-slice'

/** Only the newest request of each target may set its entry; a find answered after a newer edit is dropped. */
const requests: Record<AnalysisTarget, Latest> = { dataset: latest(), recipe: latest() }

function entryOf(target: AnalysisTarget): AnalysisEntry {
  return useStore.getState().analyses[target]
}

function setEntry(target: AnalysisTarget, entry: AnalysisEntry): void {
  useStore.setState((s) => ({ analyses: { ...s.analyses, [target]: entry } }))
}

/**
 * The recipe the dataset view analyses its dataset with: its columns, and the length of its text (a
 * recipe needs one operator; an analysis applies no threshold). The output path only names the work
 * directory: an analysis exports nothing.
 */
export function columnsRecipe(paths: readonly string[], textKey: string | undefined, homeDir: string): string {
  let yaml = 'process:\n  - text_length_filter: {}\n'
  yaml = yamlWithSetting(yaml, ['dataset_path'], paths.length === 1 ? paths[0] : [...paths])
  if (textKey !== undefined) yaml = yamlWithSetting(yaml, ['text_keys'], textKey)
  return yamlWithSetting(yaml, ['export_path'], joinPath(homeDir, `sieve-output/${datasetStem(paths)}-columns.parquet`))
}

/** What each target asks to analyse now, or null when there is nothing to (no dataset, YAML that does not read). */
export function analysisRequest(target: AnalysisTarget): AnalysisRequest | null {
  const state = useStore.getState()
  if (target === 'dataset') {
    if (state.dataset.status !== 'ready') return null
    const paths = datasetPaths(state.dataset.summary)
    const textKey = textColumns(state.dataset.summary)[0]
    return { yaml: columnsRecipe(paths, textKey, state.info?.homeDir ?? ''), baseDir: '', datasetKey: JSON.stringify(paths) }
  }
  const { yaml, baseDir, yamlProblem } = state.recipe
  const paths = recipeDatasetPaths(yaml)
  if (yamlProblem !== null || paths.length === 0) return null
  return { yaml, baseDir, datasetKey: JSON.stringify(paths.map((p) => joinPath(baseDir, p))) }
}

function keyOf(request: AnalysisRequest): string {
  return JSON.stringify([request.yaml, request.baseDir])
}

function apiParams(request: AnalysisRequest): { yaml: string; baseDir?: string } {
  return { yaml: request.yaml, ...(request.baseDir !== '' ? { baseDir: request.baseDir } : {}) }
}

/** The analysis shown until a newer one is known: only ever one of the same dataset, and then marked as from an earlier recipe. */
function keptFor(entry: AnalysisEntry, datasetKey: string): ReadyAnalysis | undefined {
  const shown = shownAnalysis(entry)
  return shown !== undefined && entry.datasetKey === datasetKey ? { ...shown, outdated: true } : undefined
}

/**
 * Looks for a finished analysis of the target's dataset and recipe, to show at once. While one runs
 * nothing is looked for: its result is shown when it ends, marked if the recipe changed meanwhile.
 */
export async function findAnalysis(target: AnalysisTarget): Promise<void> {
  const request = analysisRequest(target)
  const entry = entryOf(target)
  if (entry.status === 'running') return
  if (request === null) {
    requests[target].cancel()
    setEntry(target, { status: 'none', key: '', datasetKey: '' })
    return
  }
  const key = keyOf(request)
  if (entry.key === key && entry.status !== 'error') return
  const token = requests[target].begin()
  const kept = keptFor(entry, request.datasetKey)
  setEntry(target, { status: 'finding', key, datasetKey: request.datasetKey, ...(kept !== undefined ? { kept } : {}) })
  try {
    const found = await deps().api.findAnalysis(apiParams(request))
    if (!token.current) return
    if (found !== null)
      setEntry(target, { status: 'ready', key, datasetKey: request.datasetKey, workDir: found.workDir, analysis: found.analysis, outdated: false })
    else if (kept !== undefined) setEntry(target, { status: 'ready', key, datasetKey: request.datasetKey, ...kept })
    else setEntry(target, { status: 'none', key, datasetKey: request.datasetKey })
  } catch (err) {
    if (token.current)
      setEntry(target, {
        status: 'error',
        key,
        datasetKey: request.datasetKey,
        message: asApiError(err).message,
        ...(kept !== undefined ? { kept } : {})
      })
  }
}

/** Work directories whose job ended, with how: an analysis of a few rows can end before its start is answered. */
const ended = new Map<string, JobEventPayload>()
const ENDED_KEPT = 32

/** Analyses the target's dataset (with its recipe) over every row, in the engine; progress arrives as a job's does. */
export async function startAnalysis(target: AnalysisTarget): Promise<void> {
  const request = analysisRequest(target)
  if (request === null) return
  const key = keyOf(request)
  const token = requests[target].begin()
  const kept = keptFor(entryOf(target), request.datasetKey)
  const keptPart = kept !== undefined ? { kept } : {}
  try {
    const { workDir } = await deps().api.startAnalysis(apiParams(request))
    if (!token.current) return
    setEntry(target, { status: 'running', key, datasetKey: request.datasetKey, workDir, ...keptPart })
    const end = ended.get(workDir)
    if (end !== undefined) analysisJobEnded(end)
  } catch (err) {
    if (token.current) setEntry(target, { status: 'error', key, datasetKey: request.datasetKey, message: asApiError(err).message, ...keptPart })
  }
}

/** Stops the target's running analysis; the job's cancelled event then shows what was there before. */
export async function cancelAnalysis(target: AnalysisTarget): Promise<void> {
  const entry = entryOf(target)
  if (entry.status !== 'running') return
  const { cancelled } = await deps().api.cancelJob({ workDir: entry.workDir })
  if (!cancelled) throw new Error('This analysis is not running in this window’s backend: stop it where it runs.')
}

/** Opens the finished analysis in a work directory for the target it was started for. */
async function openFinished(target: AnalysisTarget, workDir: string): Promise<void> {
  const entry = entryOf(target)
  if (entry.status !== 'running' || entry.workDir !== workDir) return
  try {
    const analysis = await deps().api.getAnalysis({ workDir })
    const now = analysisRequest(target)
    const outdated = now === null || keyOf(now) !== entry.key
    if (entryOf(target) === entry) setEntry(target, { status: 'ready', key: entry.key, datasetKey: entry.datasetKey, workDir, analysis, outdated })
  } catch (err) {
    if (entryOf(target) === entry)
      setEntry(target, { status: 'error', key: entry.key, datasetKey: entry.datasetKey, message: asApiError(err).message })
  }
}

/** A job's event: an analysis that ended is opened, or says why it did not finish. */
export function analysisJobEnded(event: JobEventPayload): void {
  const type = event.event_type
  if (type !== 'job_complete' && type !== 'job_failed' && type !== 'job_cancelled') return
  ended.set(event.work_dir, event)
  if (ended.size > ENDED_KEPT) ended.delete(ended.keys().next().value as string)
  for (const target of ['dataset', 'recipe'] as const) {
    const entry = entryOf(target)
    if (entry.status !== 'running' || entry.workDir !== event.work_dir) continue
    const kept = entry.kept !== undefined ? { kept: entry.kept } : {}
    if (type === 'job_complete') void openFinished(target, event.work_dir)
    else if (type === 'job_failed')
      setEntry(target, { status: 'error', key: entry.key, datasetKey: entry.datasetKey, message: event.message, ...kept })
    // Cancelled: back to what was shown before, and looked for again on the next change.
    else if (entry.kept !== undefined) setEntry(target, { status: 'ready', key: '', datasetKey: entry.datasetKey, ...entry.kept })
    else setEntry(target, { status: 'none', key: '', datasetKey: entry.datasetKey })
  }
}

const FIND_DELAY_MS = 400
let findTimer: ReturnType<typeof setTimeout> | undefined

/** Looks for a finished analysis whenever the open dataset or the recipe changes (the recipe a moment after the last edit). */
export function installAnalysisFinder(): void {
  useStore.subscribe((state, previous) => {
    if (state.dataset !== previous.dataset) void findAnalysis('dataset')
    const { recipe } = state
    if (recipe.yaml !== previous.recipe.yaml || recipe.baseDir !== previous.recipe.baseDir || recipe.yamlProblem !== previous.recipe.yamlProblem) {
      clearTimeout(findTimer)
      findTimer = setTimeout(() => void findAnalysis('recipe'), FIND_DELAY_MS)
    }
  })
}
