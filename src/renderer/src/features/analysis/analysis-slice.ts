import type { DatasetAnalysis, NumericStatSummary } from '../../../../shared/analysis'

/** What an analysis is asked for: a recipe (its YAML and the folder its relative paths are taken from). */
export interface AnalysisRequest {
  yaml: string
  baseDir: string
  /** The dataset it reads, as written: an analysis of another dataset is never shown for this one. */
  datasetKey: string
}

/**
 * The analysis of one dataset+recipe: none yet, being looked for, running, finished, or failed.
 * `key` names the request it belongs to; an answer for an older request is dropped.
 */
export type AnalysisEntry =
  | { status: 'none'; key: string; datasetKey: string }
  | {
      status: 'finding'
      key: string
      datasetKey: string
      /** The one shown meanwhile, from an earlier version of the recipe on the same dataset. */ kept?: ReadyAnalysis
    }
  | { status: 'running'; key: string; datasetKey: string; workDir: string; kept?: ReadyAnalysis }
  | ({ status: 'ready' } & ReadyAnalysis & { key: string; datasetKey: string })
  | { status: 'error'; key: string; datasetKey: string; message: string; kept?: ReadyAnalysis }

export interface ReadyAnalysis {
  workDir: string
  analysis: DatasetAnalysis
  /** Made for an earlier version of the recipe (on the same dataset): its stats may differ from this recipe's. */
  outdated: boolean
}

/** The dataset view analyses the open dataset's columns; the recipe builder, the recipe's filters over its dataset. */
export type AnalysisTarget = 'dataset' | 'recipe'

export interface AnalysisSlice {
  analyses: Record<AnalysisTarget, AnalysisEntry>
}

const NONE: AnalysisEntry = { status: 'none', key: '', datasetKey: '' }

/** The slice's state when the window opens. */
export const createAnalysisSlice = (): AnalysisSlice => ({
  analyses: { dataset: NONE, recipe: NONE }
})

/** The analysis to draw for an entry: its own once ready, else the one kept from before while it finds, runs or failed. */
export function shownAnalysis(entry: AnalysisEntry): ReadyAnalysis | undefined {
  if (entry.status === 'ready') return { workDir: entry.workDir, analysis: entry.analysis, outdated: entry.outdated }
  if (entry.status === 'none') return undefined
  return entry.kept
}

/** A filter's numeric stat over the whole dataset, when the analysis has that filter (by name) producing that stat. */
export function wholeStat(analysis: DatasetAnalysis | undefined, opName: string, statKey: string): NumericStatSummary | undefined {
  if (analysis === undefined || !analysis.ops.some((op) => op.name === opName && op.statsKey === statKey)) return undefined
  const summary = analysis.stats[statKey]
  return summary?.kind === 'numeric' && summary.count > 0 ? summary : undefined
}
