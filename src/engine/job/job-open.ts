import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { refusal } from '../../shared/remedies'
import type { Recipe } from '../../shared/recipe'
import { publishText } from '../io/publish'
import { expandDatasetPaths } from '../inspect'
import { checkExportPath, earlierExport } from './export-path'
import { JobState } from './job-state'
import { WorkDir } from './layout'
import { acquireLock } from './lock'
import { newManifest, readManifest, type FileRecord, type Manifest } from './manifest'
import { changesSincePlan, datasetFiles, planJob, type Plan } from './plan'
import { choosePartitionSize } from './auto-partition'
import { readPlan } from './plan-file'
import { loadRecipe, recipeToYaml } from './recipe'
import { checkInputsOutside, checkWorkDir, clearJobFiles, clearTemp } from './work-dir'

/** A run processes and exports the dataset; an analysis (engine/analysis) summarizes every stat of it. */
export type JobKind = 'run' | 'analysis'

/** A job's state, opened with its work directory's lock held. */
export interface OpenedJob {
  recipe: Recipe
  state: JobState
  /** Set when the job continues from its manifest; resumed anyway over changed inputs, it says so. */
  resuming: { inputsChanged: boolean } | undefined
  releaseLock: () => void
  /** What `partition: {mode: auto}` chose, for the job's log. */
  partitionChoice?: string
}

/** Runs `open` with the work directory's lock held; the lock is released if it fails. */
async function locked(dir: WorkDir, open: (release: () => void) => Promise<OpenedJob>): Promise<OpenedJob> {
  const release = acquireLock(dir.lock, dir.root)
  try {
    return await open(release)
  } catch (err) {
    release()
    throw err
  }
}

/**
 * Plans a new job. A work directory that already holds a job is refused unless `force` clears it;
 * an existing output that is not this job's earlier export, unless `replaceOutput`.
 */
export async function createJob(recipe: Recipe, force: boolean, replaceOutput: boolean = force, kind: JobKind = 'run'): Promise<OpenedJob> {
  const dir = new WorkDir(recipe.work_dir)
  checkWorkDir(recipe)
  const { files: inputs } = await expandDatasetPaths(recipe.dataset_path)
  checkInputsOutside(recipe, inputs)
  if (existsSync(dir.manifest) && !force) {
    throw refusal(
      'BAD_REQUEST',
      `${dir.root} already holds a job.`,
      [{ kind: 'resume', workDir: dir.root }, { kind: 'start-over' }, { kind: 'other-work-dir' }],
      {
        workDir: dir.root,
        holdsJob: true
      }
    )
  }
  const previous = existsSync(dir.manifest) ? await readManifest(dir.manifest).catch(() => undefined) : undefined
  // An analysis exports nothing: what it writes (analysis.json, report.html) lies in its own work directory.
  const earlier = kind === 'analysis' ? [] : earlierExport(previous, inputs)
  if (kind === 'run') {
    checkExportPath(
      recipe,
      inputs,
      earlier.map((f) => f.path),
      replaceOutput
    )
  }
  // The size auto chose is the recipe as run: recipe.yaml records it, so a resume plans nothing again.
  const choice = recipe.partition_auto ? await choosePartitionSize(recipe, await datasetFiles(recipe)) : undefined
  const run = choice !== undefined ? { ...recipe, partition_size: choice.rows, partition_auto: false } : recipe
  // Planning reads and checks the inputs before anything is written.
  const planned = await planJob(run)
  // Every operator of an analysis runs over the whole input in one stage: no operator decides over the dataset.
  const plan: Plan = kind === 'analysis' ? { ...planned, kind, stages: [{ first: 0, last: run.process.length - 1, dedup: null }] } : planned
  const opened = await locked(dir, (release) => initialize(run, plan, dir, force, release, previous, earlier))
  return choice !== undefined ? { ...opened, partitionChoice: choice.reason } : opened
}

async function initialize(
  recipe: Recipe,
  plan: Plan,
  dir: WorkDir,
  force: boolean,
  releaseLock: () => void,
  previous: Manifest | undefined,
  earlier: FileRecord[]
): Promise<OpenedJob> {
  if (force && previous !== undefined) await clearJobFiles(dir, previous)
  await clearTemp(dir)
  await mkdir(dir.temp, { recursive: true })
  const state = new JobState(plan, dir, newManifest(plan))
  if (earlier.length > 0) state.earlierExportAdopted(earlier)
  // The manifest first: from here on the folder is recognisably Sieve's.
  await state.save()
  await publishText(dir.temp, dir.recipe, recipeToYaml(recipe))
  await publishText(dir.temp, dir.mapping, `${JSON.stringify(plan, null, 1)}\n`)
  return { recipe, state, resuming: undefined, releaseLock }
}

/** Reopens a work directory from its manifest, refusing if the inputs or the recipe changed (unless `force`). */
export async function reopenJob(workDir: string, force: boolean): Promise<OpenedJob> {
  const dir = new WorkDir(workDir)
  dir.assertPlanned()
  return locked(dir, (release) => reopen(dir, force, release))
}

async function reopen(dir: WorkDir, force: boolean, releaseLock: () => void): Promise<OpenedJob> {
  const { recipe } = await loadRecipe(dir.recipe)
  recipe.work_dir = dir.root
  const plan = await readPlan(dir.mapping)
  const { inputsChanged, changes } = await changesSincePlan(plan, recipe, dir.recipe)
  if (!force && changes.length > 0) {
    throw refusal(
      'BAD_REQUEST',
      `Cannot resume ${dir.root}: ${changes.join('; ')}. Resuming would mix results from different inputs.`,
      [{ kind: 'start-fresh' }, { kind: 'resume-anyway' }],
      { changes }
    )
  }
  const manifest = await readManifest(dir.manifest).catch(() => undefined)
  const state = new JobState(plan, dir, manifest ?? newManifest(plan))
  state.reopened()
  return { recipe, state, resuming: { inputsChanged }, releaseLock }
}
