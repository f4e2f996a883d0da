import { resolve } from 'node:path'
import type { ResumePlan } from '../../shared/jobs'
import { WorkDir } from './layout'
import { readManifest } from './manifest'
import { changesSincePlan } from './plan'
import { readPlan } from './plan-file'
import { reconcile } from './reconcile'
import { loadRecipe } from './recipe'
import { effectiveStatus } from './status'
import { verify } from './verify'

/**
 * What `resume` would do, without doing it: the same reconciliation the job runs when it resumes
 * (every file's size and sha256 checked), on a copy of the manifest. With changes since the plan,
 * it is what "resume anyway" would do.
 */
export async function resumePlan(workDir: string): Promise<ResumePlan> {
  const dir = new WorkDir(resolve(workDir))
  dir.assertPlanned()
  const plan = await readPlan(dir.mapping)
  const { recipe } = await loadRecipe(dir.recipe)
  recipe.work_dir = dir.root
  const { inputsChanged, changes } = await changesSincePlan(plan, recipe, dir.recipe)
  const manifest = await readManifest(dir.manifest).catch(() => undefined)
  if (manifest === undefined) {
    return {
      workDir: dir.root,
      status: 'interrupted',
      partitions: plan.partitions.length,
      verified: 0,
      toRedo: plan.partitions.length,
      toRetry: 0,
      fromCheckpoint: 0,
      exportComplete: false,
      changes
    }
  }
  const status = effectiveStatus(manifest, dir)
  const decided = await reconcile(plan, manifest, (record) => verify(dir.root, record), inputsChanged)
  return {
    workDir: dir.root,
    status,
    partitions: manifest.partitions.length,
    verified: decided.verified,
    toRedo: manifest.partitions.length - decided.verified - decided.retried,
    toRetry: decided.retried,
    fromCheckpoint: decided.fromCheckpoint,
    exportComplete: decided.exportComplete,
    changes
  }
}
