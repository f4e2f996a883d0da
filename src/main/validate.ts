import { SieveError } from '../shared/errors'
import type { Method, Params } from '../shared/api'

/** A check of one parameter: returns the value or throws BAD_REQUEST naming the parameter. */
type Check = (value: unknown, name: string) => unknown

function bad(name: string, expectation: string): SieveError {
  return new SieveError('BAD_REQUEST', `Parameter '${name}' must be ${expectation}.`, { parameter: name })
}

const string =
  (maxLength = 4096): Check =>
  (value, name) => {
    if (typeof value !== 'string' || value.length === 0) throw bad(name, 'a non-empty string')
    if (value.length > maxLength) throw bad(name, `at most ${maxLength} characters`)
    if (value.includes('\0')) throw bad(name, 'free of NUL characters')
    return value
  }

const integer =
  (min: number, max: number): Check =>
  (value, name) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw bad(name, `an integer from ${min} to ${max}`)
    }
    return value
  }

const boolean: Check = (value, name) => {
  if (typeof value !== 'boolean') throw bad(name, 'true or false')
  return value
}

const bytes =
  (maxBytes: number): Check =>
  (value, name) => {
    if (!(value instanceof Uint8Array)) throw bad(name, 'bytes')
    if (value.byteLength > maxBytes) throw bad(name, `at most ${maxBytes} bytes`)
    return value
  }

const oneOf =
  (choices: string[]): Check =>
  (value, name) => {
    if (typeof value !== 'string' || !choices.includes(value)) throw bad(name, `one of ${choices.join(', ')}`)
    return value
  }

/** One path, or a list of 1 to 10,000 of them. */
const pathOrPaths: Check = (value, name) => {
  if (!Array.isArray(value)) return string()(value, name)
  if (value.length === 0 || value.length > 10_000) throw bad(name, 'a path or a list of 1 to 10000 paths')
  return value.map((v, i) => string()(v, `${name}[${i}]`))
}

/** A list of operators as the recipe builder sends them: [{name, params?}]. */
const opList: Check = (value, name) => {
  if (!Array.isArray(value) || value.length > 200) throw bad(name, 'a list of at most 200 operators')
  for (const op of value) {
    const o = op as { name?: unknown; params?: unknown }
    if (typeof o !== 'object' || o === null || typeof o.name !== 'string') throw bad(name, 'a list of {name, params} objects')
    if (o.params !== undefined && (typeof o.params !== 'object' || o.params === null || Array.isArray(o.params)))
      throw bad(name, 'a list whose params are objects')
  }
  return value
}

const optional =
  (check: Check): Check =>
  (value, name) =>
    value === undefined ? undefined : check(value, name)

export const MAX_UPLOAD_CHUNK = 16 << 20
const MAX_UPLOAD_SIZE = Number.MAX_SAFE_INTEGER

/** The parameters each method accepts; anything else is refused. */
const schemas: { [M in Method]: Record<string, Check> } = {
  'app/info': {},
  'datasets/inspect': { path: pathOrPaths, rows: optional(integer(1, 10_000)) },
  'fs/list': { path: optional(string()), showHidden: optional(boolean) },
  'uploads/begin': {
    name: string(255),
    size: integer(0, MAX_UPLOAD_SIZE),
    relativePath: optional(string(1024)),
    batch: optional(string(64))
  },
  'uploads/chunk': { uploadId: string(64), offset: integer(0, MAX_UPLOAD_SIZE), bytes: bytes(MAX_UPLOAD_CHUNK) },
  'uploads/finish': { uploadId: string(64) },
  'uploads/abort': { uploadId: string(64) },
  'ops/list': {},
  'recipes/validate': { yaml: string(1 << 20), baseDir: optional(string()) },
  'recipes/read': { path: string() },
  'recipes/export': { yaml: string(1 << 20), baseDir: optional(string()), to: oneOf(['data-juicer', 'ray']) },
  'recipes/save': { path: string(), yaml: string(1 << 20) },
  'preview/run': { path: string(), textKey: optional(string(256)), process: opList, rows: optional(integer(1, 10_000)) },
  'jobs/open': { workDir: string() },
  'jobs/start': {
    yaml: string(1 << 20),
    baseDir: optional(string()),
    workDir: optional(string()),
    exportPath: optional(string()),
    np: optional(integer(1, 256)),
    force: optional(boolean)
  },
  'jobs/list': {},
  'jobs/details': { workDir: string() },
  'jobs/events': { workDir: string(), after: optional(integer(0, MAX_UPLOAD_SIZE)), limit: optional(integer(1, 10_000)) },
  'jobs/resumePlan': { workDir: string() },
  'jobs/resume': { workDir: string(), force: optional(boolean) },
  'jobs/restart': { workDir: string() },
  'jobs/pause': { workDir: string(), paused: boolean },
  'jobs/cancel': { workDir: string() },
  'app/reveal': { path: string() },
  'chunks/inspect': { path: string() },
  'chunks/validate': { path: string(), level: oneOf(['quick', 'full', 'manifest']) },
  'chunks/readPage': { path: string(), offset: integer(0, MAX_UPLOAD_SIZE), limit: integer(1, 10_000) }
}

/** Checks untrusted params from a renderer or a socket against the method's declaration. */
export function validateParams<M extends Method>(method: M, params: unknown): Params<M> {
  const schema = schemas[method]
  const given = params === undefined || params === null ? {} : params
  if (typeof given !== 'object' || Array.isArray(given) || given instanceof Uint8Array) {
    throw new SieveError('BAD_REQUEST', `The parameters of ${method} must be an object.`)
  }
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(given)) {
    // Own names only: 'constructor' or 'toString' are not parameters just because every object inherits them.
    const check = Object.hasOwn(schema, key) ? schema[key] : undefined
    if (check === undefined) {
      const known = Object.keys(schema)
      throw new SieveError('BAD_REQUEST', `${method} has no parameter '${key}'${known.length > 0 ? ` (it takes ${known.join(', ')})` : ''}.`, {
        parameter: key
      })
    }
    const checked = check(value, key)
    if (checked !== undefined) out[key] = checked
  }
  for (const [key, check] of Object.entries(schema)) {
    if (!Object.hasOwn(out, key)) check(undefined, key)
  }
  return out as Params<M>
}
