import { existsSync } from 'node:fs'
import type { DatasetAnalysis } from '../../shared/analysis'
import type { Recipe } from '../../shared/recipe'
import { detectFormat } from '../io/detect'
import { WorkDir } from '../job/layout'
import { datasetFiles, fingerprint } from '../job/plan'
import { loadRecipe } from '../job/recipe'
import { analysisDir, readAnalysis } from './analyze'
import { inputFingerprint, statsKey } from './recipe-ops'

/** The fingerprint an analysis of this recipe's input would record now (reads 128 KB of each file, plans nothing). */
export async function currentInputFingerprint(recipe: Recipe): Promise<string> {
  const inputs = []
  for (const path of await datasetFiles(recipe)) {
    const { format, compression } = await detectFormat(path)
    inputs.push(await fingerprint(path, format, compression))
  }
  return inputFingerprint({ inputs })
}

/**
 * The finished analysis, among these analysis work directories (and the recipe's own first), of
 * the recipe's input as it is now by the same filters' stats; undefined when none matches.
 */
export async function findAnalysis(recipe: Recipe, known: readonly string[]): Promise<{ workDir: string; analysis: DatasetAnalysis } | undefined> {
  const wanted = { input: await currentInputFingerprint(recipe), stats: statsKey(recipe) }
  for (const workDir of [analysisDir(recipe.work_dir), ...known]) {
    const dir = new WorkDir(workDir)
    if (!existsSync(dir.analysisJson) || !existsSync(dir.recipe)) continue
    try {
      const analysis = await readAnalysis(workDir)
      if (analysis.input.fingerprint !== wanted.input) continue
      if (statsKey((await loadRecipe(dir.recipe)).recipe) === wanted.stats) return { workDir: dir.root, analysis }
    } catch {
      // An analysis that cannot be read is not a match; analysis/get says what is wrong with it.
    }
  }
  return undefined
}
