import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { ResumePlan } from '../../shared/jobs'
import { WorkDir } from './layout'
import { readManifest } from './manifest'
import { inputChanges, recipeHash, type Plan } from './plan'
import { loadRecipe } from './recipe'
import { effectiveStatus } from './status'
import { presentWithSize, verify } from './verify'

/**
 * What `resume` would do, without doing it: which finished partitions hold (their result's size
 * and sha256 checked, as resume checks them), which run again, which restart from a checkpoint
 * (checked by size only, to stay quick on every_op jobs), and what changed since the plan.
 */
export async function resumePlan(workDir: string): Promise<ResumePlan> {
  const dir = new WorkDir(resolve(workDir))
  dir.assertPlanned()
  const plan = JSON.parse(await readFile(dir.mapping, 'utf8')) as Plan
  const { recipe } = await loadRecipe(dir.recipe)
  const changes = await inputChanges(plan, recipe)
  if (recipeHash(recipe) !== plan.recipe_sha256) changes.push(`${dir.recipe} was edited after the job was planned`)
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
  let verified = 0
  let toRetry = 0
  let fromCheckpoint = 0
  for (const p of manifest.partitions) {
    if (p.result !== undefined && (await verify(dir.root, p.result))) {
      verified++
      continue
    }
    if (p.status === 'failed') toRetry++
    const usable = await Promise.all(p.checkpoints.map((c) => presentWithSize(dir.root, c)))
    if (usable.some(Boolean)) fromCheckpoint++
  }
  const exportFiles = manifest.export?.files ?? []
  const exportComplete =
    manifest.export?.complete === true && (await Promise.all(exportFiles.map((f) => verify(dir.root, f)))).every(Boolean)
  return {
    workDir: dir.root,
    status: effectiveStatus(manifest, dir),
    partitions: manifest.partitions.length,
    verified,
    toRedo: manifest.partitions.length - verified - toRetry,
    toRetry,
    fromCheckpoint,
    exportComplete,
    changes
  }
}
