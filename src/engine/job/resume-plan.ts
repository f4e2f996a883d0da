import { resolve } from 'node:path'
import type { ResumePlan } from '../../shared/jobs'
import { WorkDir } from './layout'
import { newManifest, readManifest, type Manifest } from './manifest'
import { changesSincePlan } from './plan'
import { readPlan } from './plan-file'
import { reconcile, type Reconciled } from './reconcile'
import { loadRecipe } from './recipe'
import { effectiveStatus } from './status'
import { verify } from './verify'

/** What `resume` would do, in full: the summary the Resume dialog shows, the manifest it would run from, and the warnings it would log. */
export interface ResumeDecision {
  summary: ResumePlan
  manifest: Manifest
  warnings: Reconciled['warnings']
}

/**
 * What `resume` would do, without doing it: the same reconciliation the job runs when it resumes
 * (every file's size and sha256 checked), on a copy of the manifest. With changes since the plan,
 * it is what "resume anyway" would do.
 */
export async function resumeDecision(workDir: string): Promise<ResumeDecision> {
  const dir = new WorkDir(resolve(workDir))
  dir.assertPlanned()
  const plan = await readPlan(dir.mapping)
  const { recipe } = await loadRecipe(dir.recipe)
  recipe.work_dir = dir.root
  const { inputsChanged, changes } = await changesSincePlan(plan, recipe, dir.recipe)
  const saved = await readManifest(dir.manifest).catch(() => undefined)
  // Without a manifest the job starts from nothing, as resume would.
  const status = saved === undefined ? 'interrupted' : effectiveStatus(saved, dir)
  const { manifest, report: decided } = await reconcile(plan, saved ?? newManifest(plan), (record) => verify(dir.root, record), inputsChanged)
  return {
    summary: {
      workDir: dir.root,
      status,
      partitions: manifest.partitions.length,
      verified: decided.verified,
      toRedo: manifest.partitions.length - decided.verified - decided.retried,
      toRetry: decided.retried,
      fromCheckpoint: decided.fromCheckpoint,
      exportComplete: decided.exportComplete,
      changes
    },
    manifest,
    warnings: decided.warnings
  }
}

export async function resumePlan(workDir: string): Promise<ResumePlan> {
  return (await resumeDecision(workDir)).summary
}
