import { createRequire, register } from 'node:module'
import { SieveError } from '../../shared/errors'

/**
 * Custom operator modules written in TypeScript. Node 20 does not strip types, so Sieve adds a
 * module hook (Node's `module.register`) that compiles a .ts or .mts file with TypeScript's
 * `transpileModule` when it is imported: types are removed, nothing is type-checked, and the
 * file keeps its place on disk, so its own imports — a sibling helper, a package in a
 * node_modules beside it — resolve from its folder as they would in JavaScript.
 *
 * The hook runs on Node's loader thread, which cannot import Sieve's bundle: it is kept here as
 * plain JavaScript source and given the compiler's path when registered.
 */

/** What the hooks compile: ES modules in TypeScript (.cts and .tsx are refused before import). */
export const TYPESCRIPT_MODULE = /\.m?ts$/
/** Declaration files hold no code to run. */
export const TYPE_DECLARATIONS = /\.d\.[mc]?ts$/

const HOOKS = String.raw`
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

let ts
export function initialize({ compiler }) {
  ts = createRequire(compiler)(compiler)
}

const isTypeScript = (url) => url.startsWith('file:') && /\.m?ts$/.test(new URL(url).pathname)

/** TypeScript's convention: a .ts file imports its sibling helper.ts as './helper.js' (or './helper'). */
function typeScriptTwins(specifier) {
  if (/\.js$/.test(specifier)) return [specifier.slice(0, -3) + '.ts']
  if (/\.mjs$/.test(specifier)) return [specifier.slice(0, -4) + '.mts']
  if (!/\.[A-Za-z]+$/.test(specifier)) return [specifier + '.ts', specifier + '/index.ts']
  return []
}

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context)
  } catch (err) {
    const fromTypeScript = context.parentURL !== undefined && isTypeScript(context.parentURL)
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !fromTypeScript || !/^\.\.?\//.test(specifier)) throw err
    for (const twin of typeScriptTwins(specifier)) {
      try {
        return await nextResolve(twin, context)
      } catch {}
    }
    throw err
  }
}

export async function load(url, context, nextLoad) {
  if (!isTypeScript(url)) return nextLoad(url, context)
  const fileName = fileURLToPath(url)
  const compiled = ts.transpileModule(await readFile(fileName, 'utf8'), {
    fileName,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      inlineSourceMap: true,
      inlineSources: true
    }
  })
  const problem = compiled.diagnostics?.find((d) => d.category === ts.DiagnosticCategory.Error)
  if (problem !== undefined) {
    const where = problem.file?.getLineAndCharacterOfPosition(problem.start ?? 0)
    const at = where === undefined ? '' : ' (line ' + (where.line + 1) + ', column ' + (where.character + 1) + ')'
    throw new SyntaxError(ts.flattenDiagnosticMessageText(problem.messageText, ' ') + at)
  }
  return { format: 'module', source: compiled.outputText, shortCircuit: true }
}
`

let registered = false

/** Makes this thread able to import TypeScript modules; once per thread (each worker registers its own). */
export function allowTypeScriptModules(file: string): void {
  if (registered) return
  let compiler: string
  try {
    compiler = createRequire(import.meta.url).resolve('typescript')
  } catch {
    throw new SieveError(
      'BAD_REQUEST',
      `Custom operator module ${file} is TypeScript, and the TypeScript compiler is not installed with this Sieve. Reinstall Sieve's dependencies (npm install), or compile the module to JavaScript and list the .mjs file.`,
      { path: file }
    )
  }
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, { data: { compiler } })
  registered = true
}
