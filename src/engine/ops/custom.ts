import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { z } from 'zod'
import { SieveError } from '../../shared/errors'
import { Filter, Mapper, RangeFilter, StatFilter } from './base'
import { declareParams, defineOp, type OpDefinition } from './define'
import { paramSchemas } from './param-schema'
import { isBuiltInOp, useCustomOps } from './registry'
import { allowTypeScriptModules, TYPE_DECLARATIONS, TYPESCRIPT_MODULE } from './typescript-modules'

/**
 * Custom operators: Data-Juicer's `custom_operator_paths`, in JavaScript. A module's default
 * export is a function that Sieve calls with its own building blocks (CUSTOM_OP_API) and that
 * returns one operator definition, or a list of them, made with the `defineOp` it was given:
 *
 *   export default ({ defineOp, RangeFilter }) => defineOp({ name, kind: 'filter', params, create })
 *
 * Sieve passes the classes in rather than have the module import them, because Sieve is bundled:
 * there is no stable path to import them from, in a source checkout, bin/sieve or the packaged app.
 * A module may be TypeScript (.ts, .mts): see typescript-modules.ts.
 */

/** The modules a path may name; a folder contributes the ones directly inside it. */
const MODULE_EXTENSIONS = new Set(['.mjs', '.js', '.cjs', '.ts', '.mts'])
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

const isModule = (name: string): boolean => MODULE_EXTENSIONS.has(extname(name)) && !TYPE_DECLARATIONS.test(name)

/** The module files a path names: a file as it is, a folder's modules by name. */
async function moduleFilesOf(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined)
  if (info === undefined) throw moduleError(path, 'does not exist. Check custom_operator_paths (a relative path is taken from the recipe’s folder).')
  if (info.isDirectory()) {
    const inside = (await readdir(path, { withFileTypes: true }))
      .filter((e) => e.isFile() && isModule(e.name))
      .map((e) => join(path, e.name))
      .sort()
    if (inside.length === 0) throw moduleError(path, 'is a folder with no .mjs, .js, .cjs, .ts or .mts module in it.')
    return inside
  }
  const ext = extname(path)
  if (ext === '.cts' || ext === '.tsx') {
    throw moduleError(
      path,
      `is ${ext === '.cts' ? 'a CommonJS' : 'a TSX'} TypeScript module: Sieve loads TypeScript as ES modules. Rename it to .ts or .mts (and use export default).`
    )
  }
  if (!isModule(path))
    throw moduleError(path, 'is not a JavaScript or TypeScript module: list .mjs, .js, .cjs, .ts or .mts files, or folders of them.')
  return [path]
}

async function hashed(path: string): Promise<CustomModule> {
  return {
    path,
    sha256: createHash('sha256')
      .update(await readFile(path))
      .digest('hex')
  }
}

export interface CustomModule {
  path: string
  sha256: string
}

/** Each module file the paths name, with the sha256 of its content: what a job's plan records, so a resume notices an edited module. */
export async function customModuleHashes(paths: string[]): Promise<CustomModule[]> {
  const out: CustomModule[] = []
  for (const path of paths) for (const file of await moduleFilesOf(path)) out.push(await hashed(file))
  return out
}

/** A module's operators, with where they come from, each checked to make the kind of operator it declares. */
async function importModule({ path, sha256 }: CustomModule): Promise<OpDefinition[]> {
  let exported: unknown
  if (TYPESCRIPT_MODULE.test(path)) allowTypeScriptModules(path)
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
  // The info the definition's create hands its operator, so an operator's own errors can name its module too.
  const info = Object.assign(definition.info, { source: path })
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

interface LoadedModules {
  definitions: OpDefinition[]
  /** One error per module that could not be used, each naming its file. */
  problems: SieveError[]
}

/** A module's operators, imported again only when its content changed. */
async function definitionsOf(module: CustomModule): Promise<OpDefinition[]> {
  const cached = imported.get(module.path)
  const ops = cached?.sha256 === module.sha256 ? cached.definitions : await importModule(module)
  imported.set(module.path, { sha256: module.sha256, definitions: ops })
  return ops
}

/** The operators of every module the paths name; a module that cannot be used is a problem, and the others still load. */
async function loadModules(paths: string[]): Promise<LoadedModules> {
  const definitions: OpDefinition[] = []
  const problems: SieveError[] = []
  const from = new Map<string, string>()
  const tryTo = async (work: () => Promise<void>): Promise<void> => {
    try {
      await work()
    } catch (err) {
      if (!(err instanceof SieveError)) throw err
      problems.push(err)
    }
  }
  for (const path of paths) {
    let files: string[] = []
    await tryTo(async () => {
      files = await moduleFilesOf(path)
    })
    for (const file of files) {
      await tryTo(async () => {
        const module = await hashed(file)
        const ops = await definitionsOf(module)
        for (const name of ops.map((op) => op.info.name)) {
          if (isBuiltInOp(name))
            throw moduleError(module.path, `defines '${name}', which is the name of a Sieve operator. Give the custom operator another name.`)
          const other = from.get(name)
          if (other !== undefined) throw moduleError(module.path, `defines '${name}', which ${other} defines too. Give one of them another name.`)
        }
        for (const op of ops) from.set(op.info.name, module.path)
        definitions.push(...ops)
      })
    }
  }
  return { definitions, problems }
}

/**
 * Loads the custom operators these paths name (files or folders) and makes them the ones lookups
 * see. A module that is missing, does not load or defines nothing valid, or an operator named as
 * a built-in or as another module's, is refused with one error naming the file.
 */
export async function loadCustomOps(paths: string[]): Promise<OpDefinition[]> {
  const { definitions, problems } = await loadModules(paths)
  if (problems.length > 0) throw problems[0]!
  const key = JSON.stringify(paths)
  loadedSets.delete(key)
  loadedSets.set(key, definitions)
  if (loadedSets.size > LOADED_SETS_KEPT) loadedSets.delete(loadedSets.keys().next().value!)
  useCustomOps(definitions)
  return definitions
}

/**
 * For a listing (the palette): makes the operators of the modules that load the ones lookups see,
 * and says which modules did not. A recipe naming a broken module is still refused when checked.
 */
export async function loadUsableCustomOps(paths: string[]): Promise<LoadedModules> {
  const loaded = await loadModules(paths)
  useCustomOps(loaded.definitions)
  return loaded
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
