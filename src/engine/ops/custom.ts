import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { z } from 'zod'
import { SieveError } from '../../shared/errors'
import { Filter, Mapper, RangeFilter, StatFilter } from './base'
import { declareParams, defineOp, type OpDefinition } from './define'
import { paramSchemas } from './param-schema'
import { isBuiltInOp, useCustomOps } from './registry'

/**
 * Custom operators: Data-Juicer's `custom_operator_paths`, in JavaScript. A module's default
 * export is a function that Sieve calls with its own building blocks (CUSTOM_OP_API) and that
 * returns one operator definition, or a list of them, made with the `defineOp` it was given:
 *
 *   export default ({ defineOp, RangeFilter }) => defineOp({ name, kind: 'filter', params, create })
 *
 * Sieve passes the classes in rather than have the module import them, because Sieve is bundled:
 * there is no stable path to import them from, in a source checkout, bin/sieve or the packaged app.
 */

/** The modules a path may name; a folder contributes the ones directly inside it. */
const MODULE_EXTENSIONS = new Set(['.mjs', '.js', '.cjs'])
const TYPESCRIPT_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.tsx'])
const OP_NAME = /^[a-z][a-z0-9_]*$/

/** Definitions made by the `defineOp` a module is given: anything else a module returns is refused. */
const made = new WeakSet<OpDefinition>()

const mustBeName = 'must be lower-case letters, digits and _, starting with a letter'
const paramSpecSchema = z
  .strictObject({
    name: z.string().regex(OP_NAME, mustBeName),
    type: z.enum(['int', 'float', 'bool', 'string', 'enum', 'string_list', 'int_list']),
    default: z.union([z.number(), z.boolean(), z.string(), z.array(z.string()), z.array(z.number()), z.null()]),
    description: z.string(),
    min: z.number().optional(),
    max: z.number().optional(),
    choices: z.array(z.string()).min(1).optional(),
    nullable: z.boolean().optional()
  })
  .refine((spec) => spec.type !== 'enum' || spec.choices !== undefined, { message: 'an enum parameter needs its choices', path: ['choices'] })
const isFunction = (v: unknown): boolean => typeof v === 'function'
const declarationSchema = z.strictObject({
  name: z.string().regex(OP_NAME, mustBeName),
  kind: z.enum(['mapper', 'filter'], 'must be mapper or filter (custom deduplicators and selectors are not supported)'),
  description: z.string(),
  statsKey: z.string().min(1).optional(),
  params: z.array(paramSpecSchema),
  create: z.custom(isFunction, 'must be a function (info, params, context) => new YourOperator(info, params, context)'),
  prepare: z.custom(isFunction, 'must be an async function (params) => …').optional()
})

/** A custom module's `defineOp`: Sieve's own, after checking the declaration a module cannot type-check. */
function defineCustomOp(declaration: unknown): OpDefinition {
  const checked = declarationSchema.safeParse(declaration)
  if (!checked.success) {
    const issue = checked.error.issues[0]!
    throw new Error(`defineOp: ${issue.path.length > 0 ? `'${issue.path.join('.')}' ` : ''}${issue.message}`)
  }
  const names = new Set<string>()
  for (const spec of checked.data.params) {
    if (names.has(spec.name)) throw new Error(`defineOp: parameter '${spec.name}' is declared twice`)
    names.add(spec.name)
  }
  const definition = defineOp(declaration as Parameters<typeof defineOp>[0]) as OpDefinition
  for (const [name, schema] of paramSchemas(definition.info)) {
    const value = definition.info.params.find((p) => p.name === name)!.default
    const ok = schema.safeParse(value)
    if (!ok.success) throw new Error(`defineOp: parameter '${name}': its default ${ok.error.issues[0]!.message}`)
  }
  made.add(definition)
  return definition
}

/** What a custom operator module's default export is called with. */
export const CUSTOM_OP_API = Object.freeze({ defineOp: defineCustomOp, declareParams, Mapper, Filter, StatFilter, RangeFilter, SieveError })

function moduleError(file: string, problem: string): SieveError {
  return new SieveError('BAD_REQUEST', `Custom operator module ${file} ${problem}`, { path: file })
}

/** What went wrong, as the error says it. Node 20 does not say where in the file a syntax error is. */
function failure(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err)
}

/** The module files the paths name, in order: a file as it is, a folder's modules by name. */
async function moduleFiles(paths: string[]): Promise<string[]> {
  const files: string[] = []
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined)
    if (info === undefined)
      throw moduleError(path, 'does not exist. Check custom_operator_paths (a relative path is taken from the recipe’s folder).')
    if (info.isDirectory()) {
      const inside = (await readdir(path, { withFileTypes: true }))
        .filter((e) => e.isFile() && MODULE_EXTENSIONS.has(extname(e.name)))
        .map((e) => join(path, e.name))
        .sort()
      if (inside.length === 0) throw moduleError(path, 'is a folder with no .mjs, .js or .cjs module in it.')
      files.push(...inside)
      continue
    }
    const ext = extname(path)
    if (TYPESCRIPT_EXTENSIONS.has(ext)) {
      throw moduleError(
        path,
        `is TypeScript, which Sieve cannot load: it runs on plain Node (${process.version}), which does not strip types, and ships no compiler. Compile it to JavaScript first (e.g. npx esbuild ${basename(path)} --format=esm --outfile=${basename(path, ext)}.mjs) and list the .mjs file.`
      )
    }
    if (!MODULE_EXTENSIONS.has(ext)) throw moduleError(path, 'is not a JavaScript module: list .mjs, .js or .cjs files, or folders of them.')
    files.push(path)
  }
  return files
}

export interface CustomModule {
  path: string
  sha256: string
}

/** Each module file the paths name, with the sha256 of its content: what a job's plan records, so a resume notices an edited module. */
export async function customModuleHashes(paths: string[]): Promise<CustomModule[]> {
  const out: CustomModule[] = []
  for (const path of await moduleFiles(paths))
    out.push({
      path,
      sha256: createHash('sha256')
        .update(await readFile(path))
        .digest('hex')
    })
  return out
}

/** A module's operators, with where they come from, each checked to make the kind of operator it declares. */
async function importModule({ path, sha256 }: CustomModule): Promise<OpDefinition[]> {
  let exported: unknown
  try {
    // The content hash in the URL makes an edited module load afresh instead of from Node's module cache.
    exported = ((await import(/* @vite-ignore */ `${pathToFileURL(path).href}?sha256=${sha256}`)) as { default?: unknown }).default
  } catch (err) {
    throw moduleError(path, `could not be loaded: ${failure(err)}`)
  }
  if (typeof exported !== 'function') {
    throw moduleError(
      path,
      `must export a function as its default export: export default ({ defineOp, Mapper, RangeFilter }) => defineOp({ … }). Its default export is ${exported === undefined ? 'missing' : typeof exported}.`
    )
  }
  let result: unknown
  try {
    result = await (exported as (api: typeof CUSTOM_OP_API) => unknown)(CUSTOM_OP_API)
  } catch (err) {
    throw moduleError(path, `failed when Sieve called its default export: ${failure(err)}`)
  }
  const definitions = Array.isArray(result) ? (result as unknown[]) : [result]
  if (definitions.length === 0 || !definitions.every((d) => typeof d === 'object' && d !== null && made.has(d as OpDefinition))) {
    throw moduleError(path, 'must return defineOp({ … }) (or a list of them), made with the defineOp Sieve passes to its default export.')
  }
  return (definitions as OpDefinition[]).map((d) => fromModule(d, path))
}

/** The definition as Sieve registers it: marked with its module, its `create` checked to return the operator it declares. */
function fromModule(definition: OpDefinition, path: string): OpDefinition {
  const info = { ...definition.info, source: path }
  const base = definition.info.kind === 'mapper' ? Mapper : Filter
  return {
    ...definition,
    info,
    create: (params, context) => {
      const op: unknown = definition.create(params, context)
      if (!(op instanceof base)) {
        throw new SieveError(
          'BAD_REQUEST',
          `${info.name} (${path}): create must return an instance of the ${base.name} class Sieve passes to the module.`,
          {
            op: info.name
          }
        )
      }
      if (op instanceof StatFilter && info.statsKey === undefined) {
        throw new SieveError(
          'BAD_REQUEST',
          `${info.name} (${path}): a StatFilter or RangeFilter needs a statsKey in its defineOp, the key its stat is kept under.`,
          {
            op: info.name
          }
        )
      }
      return op
    }
  }
}

/** Each module's operators, by content hash: a module is imported again only when it changed. */
const imported = new Map<string, { sha256: string; definitions: OpDefinition[] }>()
/**
 * The custom operators of the path lists loaded lately, for `activateCustomOps`: the app's host
 * may load another recipe's (for the palette) while it reads one recipe.
 */
const loadedSets = new Map<string, OpDefinition[]>()
const LOADED_SETS_KEPT = 16

/**
 * Loads the custom operators these paths name (files or folders) and makes them the ones lookups
 * see. A module that is missing, does not load or defines nothing valid, or an operator named as
 * a built-in or as another module's, is refused with one error naming the file.
 */
export async function loadCustomOps(paths: string[]): Promise<OpDefinition[]> {
  const definitions: OpDefinition[] = []
  const from = new Map<string, string>()
  for (const module of await customModuleHashes(paths)) {
    const cached = imported.get(module.path)
    const ops = cached?.sha256 === module.sha256 ? cached.definitions : await importModule(module)
    imported.set(module.path, { sha256: module.sha256, definitions: ops })
    for (const op of ops) {
      const name = op.info.name
      if (isBuiltInOp(name))
        throw moduleError(module.path, `defines '${name}', which is the name of a Sieve operator. Give the custom operator another name.`)
      const other = from.get(name)
      if (other !== undefined) throw moduleError(module.path, `defines '${name}', which ${other} defines too. Give one of them another name.`)
      from.set(name, module.path)
      definitions.push(op)
    }
  }
  const key = JSON.stringify(paths)
  loadedSets.delete(key)
  loadedSets.set(key, definitions)
  if (loadedSets.size > LOADED_SETS_KEPT) loadedSets.delete(loadedSets.keys().next().value!)
  useCustomOps(definitions)
  return definitions
}

/**
 * Makes the custom operators of these paths the ones lookups see, synchronously: they must be the
 * ones loaded lately (`loadCustomOps`), as a recipe is read before it is checked. No paths: none.
 */
export function activateCustomOps(paths: string[]): void {
  if (paths.length === 0) return useCustomOps([])
  const definitions = loadedSets.get(JSON.stringify(paths))
  if (definitions === undefined) {
    throw new SieveError('INTERNAL', `The custom operators of ${paths.join(', ')} were not loaded before the recipe was checked.`)
  }
  useCustomOps(definitions)
}
