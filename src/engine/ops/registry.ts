import { thresholdConflict, type OpInfo, type OpParams } from '../../shared/ops'
import { SieveError } from '../../shared/errors'
import type { OpDefinition } from './define'
import { COMMON_PARAMS, IGNORED_OP_KWARGS } from './common-params'
import { paramSchemas } from './param-schema'
import { closest } from './suggest'

/** Every operator, under its stable (Data-Juicer) name. */
const registry = new Map<string, OpDefinition>()

/**
 * The custom operators (custom_operator_paths) of the recipe this thread works on now: a thread
 * serves one recipe at a time, so a recipe never sees another's custom operators.
 */
let custom = new Map<string, OpDefinition>()

export function registerOps(definitions: OpDefinition[]): void {
  for (const d of definitions) {
    if (registry.has(d.info.name)) throw new Error(`operator ${d.info.name} registered twice`)
    registry.set(d.info.name, d)
  }
}

/** Makes these the custom operators lookups see, in place of the ones before; custom.ts has checked their names. */
export function useCustomOps(definitions: OpDefinition[]): void {
  custom = new Map(definitions.map((d) => [d.info.name, d]))
}

export function isBuiltInOp(name: string): boolean {
  return registry.has(name)
}

/** Sieve's own operators, without the custom ones. */
export function listBuiltInOps(): OpInfo[] {
  return [...registry.values()].map((d) => d.info).sort((a, b) => a.name.localeCompare(b.name))
}

/** Sieve's operators and the custom operators in use. */
export function listOps(): OpInfo[] {
  return [...listBuiltInOps(), ...[...custom.values()].map((d) => d.info)].sort((a, b) => a.name.localeCompare(b.name))
}

export function opNames(): string[] {
  return [...registry.keys(), ...custom.keys()]
}

export function getOpDefinition(name: string): OpDefinition {
  const d = registry.get(name) ?? custom.get(name)
  if (d === undefined) {
    const suggestion = closest(name, opNames())
    throw new SieveError(
      'BAD_REQUEST',
      `Unknown operator '${name}'.${suggestion !== undefined ? ` Did you mean '${suggestion}'?` : ''} Run 'sieve ops' to list them.`,
      { op: name, ...(suggestion !== undefined ? { suggestion } : {}) }
    )
  }
  return d
}

/** The common arguments of every operator, checked as an operator's own parameters are. */
const COMMON_INFO: OpInfo = { name: 'common', kind: 'mapper', description: '', params: [...COMMON_PARAMS] }

/**
 * An operator's parameters checked against its declaration, with defaults filled in. The common
 * arguments every operator takes (common-params.ts) are checked and kept where given; the ones
 * that mean nothing here are left out (recipe validation reports them).
 */
export function resolveParams(info: OpInfo, given: Record<string, unknown> | null | undefined): OpParams {
  const out: OpParams = {}
  const schemas = paramSchemas(info)
  const common = paramSchemas(COMMON_INFO)
  for (const [name, value] of Object.entries(given ?? {})) {
    if (!schemas.has(name) && IGNORED_OP_KWARGS.has(name)) continue
    const schema = schemas.get(name) ?? common.get(name)
    if (schema === undefined) {
      const known = [...schemas.keys()]
      const suggestion = closest(name, known)
      throw new SieveError(
        'BAD_REQUEST',
        `${info.name} has no parameter '${name}'.${suggestion !== undefined ? ` Did you mean '${suggestion}'?` : ''}${known.length > 0 ? ` Its parameters: ${known.join(', ')}.` : ' It takes no parameters.'}`,
        { op: info.name, param: name, ...(suggestion !== undefined ? { suggestion } : {}) }
      )
    }
    const checked = schema.safeParse(value)
    if (!checked.success) {
      throw new SieveError('BAD_REQUEST', `${info.name}: parameter '${name}' ${checked.error.issues[0]!.message}.`, { op: info.name, param: name })
    }
    out[name] = checked.data
  }
  for (const spec of info.params) if (!(spec.name in out)) out[spec.name] = spec.default
  const conflict = thresholdConflict(info, out)
  if (conflict !== null) throw new SieveError('BAD_REQUEST', `${info.name}: ${conflict.message}`, { op: info.name, param: conflict.min })
  return out
}
