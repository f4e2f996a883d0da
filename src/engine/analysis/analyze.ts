import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { DatasetAnalysis } from '../../shared/analysis'
import { SieveError } from '../../shared/errors'
import type { Recipe } from '../../shared/recipe'
import { Job, type JobOptions } from '../job/job'
import { WorkDir } from '../job/layout'
import { changesSincePlan } from '../job/plan'
import { readPlan } from '../job/plan-file'
import { loadRecipe } from '../job/recipe'

/** An analysis of a recipe's dataset lives in `analysis/` inside the recipe's work directory, as a job of its own. */
export function analysisDir(workDir: string): string {
  return join(resolve(workDir), 'analysis')
}

/** The recipe the analysis job runs: the recipe's own, in its analysis directory, writing analysis.json instead of an export. */
export function analysisRecipe(recipe: Recipe): Recipe {
  const root = analysisDir(recipe.work_dir)
  return { ...recipe, work_dir: root, export_path: new WorkDir(root).analysisJson }
}

/** Whether the analysis planned in `dir` is of this recipe over the input as it is now: then it is resumed (or, done, reused). */
async function sameAnalysis(dir: WorkDir, recipe: Recipe): Promise<boolean> {
  if (!existsSync(dir.manifest) || !existsSync(dir.mapping) || !existsSync(dir.recipe)) return false
  try {
    const plan = await readPlan(dir.mapping)
    if (plan.kind !== 'analysis') return false
    // partition: auto chose a size when it was planned; the recipe it recorded says which.
    const stored = (await loadRecipe(dir.recipe)).recipe
    const comparable = recipe.partition_auto ? { ...recipe, partition_size: stored.partition_size } : recipe
    return (await changesSincePlan(plan, comparable, dir.recipe)).changes.length === 0
  } catch {
    // A damaged analysis is made again.
    return false
  }
}

/**
 * The analysis job of a recipe: the one in its analysis directory, continued, when it was planned
 * for this recipe and this input; else a new one, replacing whatever analysis was there (it is
 * derived data: nothing of the user's is lost).
 */
export async function openAnalysis(recipe: Recipe, options: Omit<JobOptions, 'kind' | 'force'>): Promise<Job> {
  const derived = analysisRecipe(recipe)
  const dir = new WorkDir(derived.work_dir)
  if (await sameAnalysis(dir, derived)) return Job.open(dir.root, options)
  return Job.create(derived, { ...options, kind: 'analysis', force: existsSync(dir.manifest) })
}

/** The finished analysis in a work directory: the analysis job's own, or the `analysis/` of a recipe's work directory. */
export async function readAnalysis(workDir: string): Promise<DatasetAnalysis> {
  const root = resolve(workDir)
  const candidates = [new WorkDir(root).analysisJson, new WorkDir(analysisDir(root)).analysisJson]
  const path = candidates.find((p) => existsSync(p))
  if (path === undefined) {
    throw new SieveError('NOT_FOUND', `${root} holds no finished analysis (no analysis.json). Analyze the dataset first: 'sieve analyze RECIPE'.`, {
      workDir: root
    })
  }
  return JSON.parse(await readFile(path, 'utf8')) as DatasetAnalysis
}
