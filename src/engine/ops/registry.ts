import { thresholdConflict, type OpInfo, type OpParams } from '../../shared/ops'
import { SieveError } from '../../shared/errors'
import type { OpDefinition } from './define'
import { paramSchemas } from './param-schema'
import { closest } from './suggest'

/** Every operator, under its stable (Data-Juicer) name. */
const registry = new Map<string, OpDefinition>()

export function registerOps(definitions: OpDefinition[]): void {
  for (const d of definitions) {
    if (registry.has(d.info.name)) throw new Error(`operator ${d.info.name} registered twice`)
    registry.set(d.info.name, d)
  }
}

export function listOps(): OpInfo[] {
  return [...registry.values()].map((d) => d.info).sort((a, b) => a.name.localeCompare(b.name))
}

export function opNames(): string[] {
  return [...registry.keys()]
}

export function getOpDefinition(name: string): OpDefinition {
  const d = registry.get(name)
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

/** An operator's parameters checked against its declaration, with defaults filled in. */
export function resolveParams(info: OpInfo, given: Record<string, unknown> | null | undefined): OpParams {
  const out: OpParams = {}
  const schemas = paramSchemas(info)
  for (const [name, value] of Object.entries(given ?? {})) {
    const schema = schemas.get(name)
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
