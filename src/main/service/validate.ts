import type { z } from 'zod'
import { SieveError } from '../../shared/errors'
import type { Method, Params } from '../../shared/api'
import { API_PARAMS } from '../../shared/api-schema'

export { MAX_UPLOAD_CHUNK } from '../../shared/api-schema'

/** The schema of every method of the API, and only those: a method without one, or one for no method, does not compile. */
const schemas: { [M in Method]: (typeof API_PARAMS)[M] } = API_PARAMS

/** `name`, `name[2]`: the parameter (or the element of a list of them) an issue is about. */
function parameterName(path: PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`)).join('')
}

/** A union (one path or a list of them) reports the issue of the branch the value's shape chose. */
function leafIssue(issue: z.core.$ZodIssue, given: Record<string, unknown>): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length < 2) return issue
  const value = given[issue.path[0] as string]
  const branch = issue.errors[Array.isArray(value) ? 1 : 0]![0]!
  return { ...branch, path: [...issue.path, ...branch.path] }
}

/** Checks untrusted params from a renderer or a socket against the method's declaration. */
export function validateParams<M extends Method>(method: M, params: unknown): Params<M> {
  const schema = schemas[method]
  const given = params === undefined || params === null ? {} : params
  if (typeof given !== 'object' || Array.isArray(given) || given instanceof Uint8Array) {
    throw new SieveError('BAD_REQUEST', `The parameters of ${method} must be an object.`)
  }
  const known = Object.keys(schema.shape)
  for (const key of Object.keys(given)) {
    // Own names only: 'constructor' or 'toString' are not parameters just because every object inherits them.
    if (!known.includes(key)) {
      throw new SieveError('BAD_REQUEST', `${method} has no parameter '${key}'${known.length > 0 ? ` (it takes ${known.join(', ')})` : ''}.`, {
        parameter: key
      })
    }
  }
  // An explicit undefined is an absent parameter, as it is once the params cross IPC or JSON.
  const present = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined))
  const checked = schema.safeParse(present)
  if (!checked.success) {
    const issue = leafIssue(checked.error.issues[0]!, present)
    const name = parameterName(issue.path)
    throw new SieveError('BAD_REQUEST', `Parameter '${name}' must be ${issue.message}.`, { parameter: name })
  }
  return checked.data as Params<M>
}
