import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SieveApi } from '../../../../shared/api'
import type { DatasetAnalysis, NumericStatSummary } from '../../../../shared/analysis'
import { setDeps } from '../../app/deps'
import { useStore } from '../../app/store'
import { analysisJobEnded, findAnalysis, startAnalysis } from './analysis-actions'
import { shownAnalysis, wholeStat } from './analysis-slice'

/** A fake API: only the calls a test gives exist; any other call fails the test. */
function fakeApi(calls: Partial<Record<keyof SieveApi, (...args: never[]) => unknown>>): SieveApi {
  return new Proxy({} as SieveApi, {
    get: (_, name: string) => calls[name as keyof SieveApi] ?? (() => Promise.reject(new Error(`unexpected api.${name}`)))
  })
}

const textLen: NumericStatSummary = {
  kind: 'numeric',
  count: 4,
  missing: 0,
  min: 1,
  max: 4,
  mean: 2.5,
  std: 1.118,
  quantiles: { p1: 1, p5: 1, p10: 1, p25: 2, p50: 2.5, p75: 3, p90: 4, p95: 4, p99: 4 },
  rankError: 0,
  histogram: { edges: [1, 2.5, 4], counts: [2, 2] },
  cdf: { values: [1, 2, 3, 4], shares: [0.25, 0.5, 0.75, 1] }
}

function analysisOf(rows: number): DatasetAnalysis {
  return {
    version: 1,
    rows,
    createdAt: '2026-12-05T20:00:00Z',
    input: { paths: ['/d/a.jsonl'], fingerprint: 'f' },
    ops: [{ index: 0, name: 'text_length_filter', statsKey: 'text_len' }],
    stats: { text_len: textLen },
    columns: []
  }
}

function setRecipe(yaml: string): void {
  useStore.setState({ recipe: { ...useStore.getState().recipe, yaml, baseDir: '/r', yamlProblem: null } })
}

const RECIPE = 'dataset_path: /d/a.jsonl\nprocess:\n  - text_length_filter:\n      min_len: 2\n'

const initial = useStore.getState()
beforeEach(() => useStore.setState(initial, true))

describe('the analysis actions', () => {
  it('shows a finished analysis of the recipe at once, and keeps it (marked) when an edit has none of its own', async () => {
    const find = vi
      .fn()
      .mockResolvedValueOnce({ workDir: '/w/1', analysis: analysisOf(4) })
      .mockResolvedValueOnce(null)
    setDeps({ api: fakeApi({ findAnalysis: find }), confirm: () => true })
    setRecipe(RECIPE)
    await findAnalysis('recipe')
    expect(find).toHaveBeenCalledWith({ yaml: RECIPE, baseDir: '/r' })
    expect(shownAnalysis(useStore.getState().analyses.recipe)).toMatchObject({ workDir: '/w/1', outdated: false })
    setRecipe(RECIPE.replace('min_len: 2', 'min_len: 3'))
    await findAnalysis('recipe')
    expect(shownAnalysis(useStore.getState().analyses.recipe)).toMatchObject({ workDir: '/w/1', outdated: true })
    // Another dataset: the analysis of the first is never shown for it.
    find.mockResolvedValueOnce(null)
    setRecipe(RECIPE.replace('/d/a.jsonl', '/d/b.jsonl'))
    await findAnalysis('recipe')
    expect(useStore.getState().analyses.recipe.status).toBe('none')
  })

  it('runs an analysis and opens it when its job completes, even when the job ended before the start was answered', async () => {
    const getAnalysis = vi.fn().mockResolvedValue(analysisOf(4))
    const startAnalysisApi = vi.fn(async () => {
      analysisJobEnded({ work_dir: '/w/2', event_type: 'job_complete', message: 'done' } as never)
      return { workDir: '/w/2', jobId: 'j' }
    })
    setDeps({ api: fakeApi({ startAnalysis: startAnalysisApi, getAnalysis }), confirm: () => true })
    setRecipe(RECIPE)
    await startAnalysis('recipe')
    await vi.waitFor(() => expect(useStore.getState().analyses.recipe.status).toBe('ready'))
    expect(getAnalysis).toHaveBeenCalledWith({ workDir: '/w/2' })
    expect(shownAnalysis(useStore.getState().analyses.recipe)?.analysis.rows).toBe(4)
  })

  it('says why an analysis failed', async () => {
    setDeps({ api: fakeApi({ startAnalysis: () => Promise.resolve({ workDir: '/w/3', jobId: 'j' }) }), confirm: () => true })
    setRecipe(RECIPE)
    await startAnalysis('recipe')
    expect(useStore.getState().analyses.recipe).toMatchObject({ status: 'running', workDir: '/w/3' })
    analysisJobEnded({ work_dir: '/w/3', event_type: 'job_failed', message: 'partition 0 failed: disk full' } as never)
    expect(useStore.getState().analyses.recipe).toMatchObject({ status: 'error', message: 'partition 0 failed: disk full' })
  })

  it('gives a filter its whole-dataset stat only when the analysis has that filter making that stat', () => {
    expect(wholeStat(analysisOf(4), 'text_length_filter', 'text_len')).toBe(textLen)
    expect(wholeStat(analysisOf(4), 'words_num_filter', 'text_len')).toBeUndefined()
    expect(wholeStat(undefined, 'text_length_filter', 'text_len')).toBeUndefined()
  })
})
