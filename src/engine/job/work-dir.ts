import { accessSync, constants, existsSync, readdirSync, realpathSync, statSync } from 'node:fs'
import { readdir, rm, rmdir } from 'node:fs/promises'
import { homedir } from 'node:os'
import { basename, dirname, isAbsolute, join, parse, relative, resolve } from 'node:path'
import { SieveError } from '../../shared/errors'
import type { Recipe } from '../../shared/recipe'
import { WorkDir } from './layout'
import { journalPath, type Manifest } from './manifest'
import { checkpointFiles } from './delta-checkpoint'

/** The path with every part that exists resolved through symlinks, so two spellings of one place compare equal. */
export function canonicalPath(path: string): string {
  const absolute = resolve(path)
  const rest: string[] = []
  for (let at = absolute; ; at = dirname(at)) {
    try {
      return join(realpathSync(at), ...rest.reverse())
    } catch {
      if (dirname(at) === at) return absolute
      rest.push(basename(at))
    }
  }
}

/** True when `inner` is `outer` or lies inside it. */
export function isInside(inner: string, outer: string): boolean {
  const rel = relative(outer, inner)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/** Why a folder cannot be created and written in (its nearest existing part is a file, read-only, not ours), or undefined when it can. */
export function whyNotWritable(folder: string): string | undefined {
  let existing = resolve(folder)
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing)
  if (!statSync(existing).isDirectory()) return `${existing} is a file, not a folder`
  try {
    accessSync(existing, constants.W_OK)
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EROFS' ? `${existing} is on a read-only file system` : `permission denied writing in ${existing}`
  }
  return undefined
}

/** The temp files Sieve writes (publish.ts): 16 hex digits and `.part`. */
const TEMP_FILE = /^[0-9a-f]{16}\.part$/

/** A folder holding nothing but what a Sieve job leaves before its manifest exists: empty folders, the lock, temp files. */
function holdsOnlyStartupFiles(root: string): boolean {
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) return false
    // An analysis made before the first run (sieve analyze) lives in its own work directory inside.
    if (entry.name === 'analysis' && existsSync(join(root, entry.name, 'metadata', 'manifest.json'))) continue
    const inside = readdirSync(join(root, entry.name))
    const ours = entry.name === 'metadata' ? (n: string) => n === 'job.lock' : entry.name === 'temp' ? (n: string) => TEMP_FILE.test(n) : () => false
    if (!inside.every(ours)) return false
  }
  return true
}

/** Folders no job may own: a filesystem root, the home folder, or a folder that holds it. */
function isAbsurdRoot(path: string): boolean {
  return parse(path).root === path || isInside(canonicalPath(homedir()), path)
}

/**
 * Refuses a work directory Sieve could damage a user's files in: one that is neither new, empty,
 * nor a work directory Sieve made (it has a manifest); a filesystem root or the home folder.
 * Checked first, before the inputs are even listed.
 */
export function checkWorkDir(recipe: Recipe): void {
  const root = canonicalPath(recipe.work_dir)
  const dir = new WorkDir(recipe.work_dir)
  if (isAbsurdRoot(root)) {
    throw new SieveError(
      'BAD_REQUEST',
      `work_dir ${recipe.work_dir} is a filesystem root or holds your home folder; Sieve will not make it a work directory. Set work_dir to a new folder of its own.`,
      {
        workDir: recipe.work_dir
      }
    )
  }
  if (existsSync(root) && !statSync(root).isDirectory()) {
    throw new SieveError('NOT_A_DIRECTORY', `work_dir ${recipe.work_dir} is a file, not a folder. Set work_dir to a new folder.`, {
      workDir: recipe.work_dir
    })
  }
  const why = whyNotWritable(recipe.work_dir)
  if (why !== undefined) {
    throw new SieveError(
      'PERMISSION_DENIED',
      `Cannot write the work directory ${recipe.work_dir}: ${why}. Set work_dir (or --work-dir) to a folder you can write to.`,
      { workDir: recipe.work_dir }
    )
  }
  if (existsSync(root) && !existsSync(dir.manifest) && !holdsOnlyStartupFiles(root)) {
    throw new SieveError(
      'BAD_REQUEST',
      `work_dir ${recipe.work_dir} already holds files and is not a Sieve work directory (it has no metadata/manifest.json). Sieve only creates a work directory in a new or empty folder, so it never replaces or deletes your files there. Set work_dir to a new folder.`,
      { workDir: recipe.work_dir, foreignFolder: true }
    )
  }
}

/** Refuses a work directory holding one of the inputs (a --force could remove it), or inside a folder being read as input. */
export function checkInputsOutside(recipe: Recipe, inputs: readonly string[]): void {
  const root = canonicalPath(recipe.work_dir)
  for (const input of inputs) {
    if (isInside(canonicalPath(input), root)) {
      throw new SieveError(
        'BAD_REQUEST',
        `The input ${input} lies inside work_dir ${recipe.work_dir}. Move the input out, or set work_dir to another folder.`,
        {
          workDir: recipe.work_dir,
          path: input
        }
      )
    }
  }
  for (const entry of recipe.dataset_path) {
    if (existsSync(entry) && statSync(entry).isDirectory() && isInside(root, canonicalPath(entry))) {
      throw new SieveError(
        'BAD_REQUEST',
        `work_dir ${recipe.work_dir} lies inside the input folder ${entry}; its files would become part of the dataset. Set work_dir outside it.`,
        {
          workDir: recipe.work_dir,
          path: entry
        }
      )
    }
  }
}

/** Removes a folder if it is empty; a folder that still holds someone's files stays. */
async function removeIfEmpty(path: string): Promise<void> {
  await rmdir(path).catch(() => undefined)
}

/** Empties temp/ of the temp files Sieve writes there, and nothing else. */
export async function clearTemp(dir: WorkDir): Promise<void> {
  let names: string[]
  try {
    names = await readdir(dir.temp)
  } catch {
    return
  }
  for (const name of names) if (TEMP_FILE.test(name)) await rm(join(dir.temp, name), { force: true })
}

/** Removes a checkpoint folder once its files are gone, with the metadata.json Sieve wrote beside them. */
export async function removeCheckpointDir(dir: WorkDir, partition: number): Promise<void> {
  await rm(dir.checkpointMetadata(partition), { force: true })
  await removeIfEmpty(dir.checkpointDir(partition))
}

/**
 * Removes the files of the job `manifest` describes, for `--force`: the files it lists and the
 * layout's own files (recipe, plan, logs, reports), then the folders left empty. Anything else in
 * the work directory — a file the user put there — stays. The manifest goes last, so a clear
 * that is interrupted leaves a folder still recognised as Sieve's.
 */
export async function clearJobFiles(dir: WorkDir, manifest: Manifest): Promise<void> {
  const listed: string[] = []
  manifest.partitions.forEach((p, id) => {
    for (const record of [
      ...p.checkpoints.flatMap(checkpointFiles),
      ...p.rejected,
      ...(p.op_errors ?? []),
      ...(p.trace ?? []),
      ...(p.outcomes ?? []),
      p.result,
      p.errors_file
    ])
      if (record !== undefined) listed.push(join(dir.root, record.path))
    listed.push(dir.checkpointMetadata(id))
    for (const record of p.trace ?? []) listed.push(dir.jobTrace(basename(record.path)))
  })
  for (const record of Object.values(manifest.dedup)) listed.push(join(dir.root, record.path))
  const rotated = existsSync(dir.logs)
    ? readdirSync(dir.logs)
        .filter((n) => /^processing_events\.jsonl\.\d+$/.test(n))
        .map((n) => join(dir.logs, n))
    : []
  const logs = [dir.events, ...rotated, dir.summary, dir.metrics]
  for (const path of [...listed, ...logs, dir.finalReport, dir.outcomesJson, dir.outcomesReport, dir.recipe, dir.mapping]) {
    if (isInside(path, dir.root)) await rm(path, { force: true })
  }
  await clearTemp(dir)
  for (const id of manifest.partitions.keys()) {
    await removeIfEmpty(dir.checkpointDir(id))
    await removeIfEmpty(dirname(dir.rejected(id, 0, 'op')))
    await removeIfEmpty(dirname(dir.trace(id, 0, 'op')))
    await removeIfEmpty(dirname(dir.outcome(id, 0, 'op')))
  }
  for (const name of ['checkpoints', 'rejected', 'trace', 'outcomes', 'results', 'errors', 'logs']) await removeIfEmpty(join(dir.root, name))
  if (manifest.journal !== undefined) await rm(journalPath(dir.manifest, manifest.journal), { force: true })
  await rm(dir.manifest, { force: true })
}
