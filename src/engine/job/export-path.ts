import { existsSync, readdirSync, statSync } from 'node:fs'
import { basename, dirname, extname, join } from 'node:path'
import { SieveError } from '../../shared/errors'
import { refusal } from '../../shared/remedies'
import type { Recipe } from '../../shared/recipe'
import { extensionFor } from '../io/write'
import { isGlob, matchesGlob } from './glob'
import { canonicalPath, isInside, whyNotWritable } from './work-dir'
import type { FileRecord, Manifest } from './manifest'

/** `${shard:05}`-style placeholders of a shard template. */
export function shardName(template: string, shard: number, numShards: number): string {
  return template.replace(/\$\{(shard|num_shards)(?::(\d+))?\}/g, (_m, name: string, width?: string) => {
    const value = String(name === 'shard' ? shard : numShards)
    return width !== undefined ? value.padStart(Number(width), '0') : value
  })
}

/** A template that numbers its shards: without `${shard}` every shard would get one name. */
export function numbersShards(template: string): boolean {
  return /\$\{shard(:\d+)?\}/.test(template)
}

/** Where a sharded export goes: a folder named after the export file, beside it. */
export function shardFolder(exportPath: string): string {
  return join(dirname(exportPath), basename(exportPath, extname(exportPath)))
}

/** The file name of shard `shard` of `numShards`, with the format's extension when the template has none. */
export function shardPath(recipeExport: Recipe['export'], exportPath: string, shard: number, numShards: number): string {
  const name = shardName(recipeExport.shard_template, shard, numShards)
  const ext = extensionFor(recipeExport.format, recipeExport.compression)
  return join(shardFolder(exportPath), extname(name) === '' ? `${name}${ext}` : name)
}

/** Names in the shard folder that the template could produce, whatever the shard count. */
export function shardPattern(recipeExport: Recipe['export']): RegExp {
  const template = recipeExport.shard_template
  const ext = extensionFor(recipeExport.format, recipeExport.compression)
  const escaped = template.replace(/[.*+?^()|[\]\\]/g, '\\$&').replace(/\$\{(shard|num_shards)(:\d+)?\}/g, '\\d+')
  return new RegExp(`^${escaped}${extname(template) === '' ? ext.replace(/\./g, '\\.') : ''}$`)
}

/** The files of a work directory's earlier export that the new job may replace: never one it now reads as input. */
export function earlierExport(previous: Manifest | undefined, inputs: readonly string[]): FileRecord[] {
  const read = new Set(inputs.map(canonicalPath))
  return (previous?.export?.files ?? []).filter((f) => !read.has(canonicalPath(f.path)))
}

const sharded = (recipe: Recipe): boolean => recipe.export.max_file_size_mb > 0

/** Existing files the export would replace: the export file, or the shard-named files of its folder. */
export function existingTargets(recipe: Recipe): string[] {
  if (!sharded(recipe)) return existsSync(recipe.export_path) ? [recipe.export_path] : []
  const folder = shardFolder(recipe.export_path)
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return []
  const pattern = shardPattern(recipe.export)
  return readdirSync(folder)
    .filter((n) => pattern.test(n))
    .map((n) => join(folder, n))
}

/**
 * Refuses, before any work, an export that would destroy data: one that is an input, lies inside
 * a folder being read as input or inside the work directory, or would replace a file that is
 * not an earlier export of this job (`earlier`) unless `force` says to.
 */
export function checkExportPath(recipe: Recipe, inputs: readonly string[], earlier: readonly string[], force: boolean): void {
  const target = canonicalPath(sharded(recipe) ? shardFolder(recipe.export_path) : recipe.export_path)
  const exportPath = canonicalPath(recipe.export_path)
  const refuse = (why: string, details: Record<string, unknown> = {}): never => {
    throw new SieveError('BAD_REQUEST', `export_path ${recipe.export_path} ${why}`, { path: recipe.export_path, ...details })
  }
  for (const input of inputs) {
    const at = canonicalPath(input)
    if (at === exportPath || isInside(at, target)) refuse(`would replace the input ${input}. Choose another export_path.`, { input })
  }
  for (const entry of recipe.dataset_path) {
    const matches = isGlob(entry) && matchesGlob(entry, recipe.export_path)
    const folder = !isGlob(entry) && existsSync(entry) && statSync(entry).isDirectory() && isInside(target, canonicalPath(entry))
    if (matches || folder)
      refuse(`lies inside the input ${entry}, which is being read; the export would become part of the dataset. Choose an export_path outside it.`, {
        input: entry
      })
  }
  const workDir = canonicalPath(recipe.work_dir)
  if (isInside(target, workDir) || isInside(workDir, target)) {
    refuse(`and work_dir ${recipe.work_dir} overlap; Sieve manages the work directory's files itself. Choose an export_path outside it.`)
  }
  if (existsSync(recipe.export_path) && statSync(recipe.export_path).isDirectory() && !sharded(recipe)) {
    refuse('is a folder. Give the path of the file to write.')
  }
  checkWritable(recipe, sharded(recipe) ? shardFolder(recipe.export_path) : dirname(recipe.export_path))
  if (force) return
  const known = new Set(earlier.map(canonicalPath))
  const foreign = existingTargets(recipe).filter((p) => !known.has(canonicalPath(p)))
  if (foreign.length > 0) {
    const count = foreign.length
    const what = count === 1 ? `${foreign[0]}, which is` : `${count} files in ${shardFolder(recipe.export_path)}, which are`
    throw refusal(
      'BAD_REQUEST',
      `export_path ${recipe.export_path} would replace ${what} not an earlier export of this job.`,
      [{ kind: 'move-output', count }, { kind: 'other-output' }, { kind: 'replace-output', count }],
      { path: recipe.export_path, existing: foreign }
    )
  }
}

/** The export's folder must be creatable and writable; found out at the end, it would cost the whole run. */
function checkWritable(recipe: Recipe, folder: string): void {
  const why = whyNotWritable(folder)
  if (why !== undefined) {
    throw new SieveError(
      'PERMISSION_DENIED',
      `Cannot write the export ${recipe.export_path}: ${why}. Choose an export_path (or --export) in a folder you can write to.`,
      { path: recipe.export_path }
    )
  }
}
