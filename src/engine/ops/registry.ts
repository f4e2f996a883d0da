import { thresholdConflict, type OpInfo, type OpParams, type ParamSpec } from '../../shared/ops'
import { SieveError } from '../../shared/errors'
import type { OpDefinition } from './define'
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

function describeExpected(spec: ParamSpec): string {
  switch (spec.type) {
    case 'int':
      return 'an integer'
    case 'float':
      return 'a number'
    case 'bool':
      return 'true or false'
    case 'string':
      return 'a string'
    case 'enum':
      return `one of ${spec.choices!.join(', ')}`
    case 'string_list':
      return 'a list of strings'
    case 'int_list':
      return 'a list of integers'
  }
}

function checkValue(op: string, spec: ParamSpec, value: unknown): OpParams[string] {
  const fail = (why: string): never => {
    throw new SieveError('BAD_REQUEST', `${op}: parameter '${spec.name}' ${why}.`, { op, param: spec.name })
  }
  if (value === null) {
    if (spec.default === null || spec.nullable === true) return null
    fail(`must be ${describeExpected(spec)}, not null`)
  }
  switch (spec.type) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(`must be an integer, got ${JSON.stringify(value)}`)
      break
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`must be a number, got ${JSON.stringify(value)}`)
      break
    case 'bool':
      if (typeof value !== 'boolean') fail(`must be true or false, got ${JSON.stringify(value)}`)
      break
    case 'string':
      if (typeof value !== 'string') fail(`must be a string, got ${JSON.stringify(value)}`)
      break
    case 'enum':
      if (typeof value !== 'string' || !spec.choices!.includes(value))
        fail(`must be one of ${spec.choices!.join(', ')}, got ${JSON.stringify(value)}`)
      break
    case 'string_list':
      // Data-Juicer takes a lone string where it takes a list of them (lang: en).
      if (typeof value === 'string') return [value]
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail(`must be a list of strings`)
      break
    case 'int_list':
      if (typeof value === 'number' && Number.isInteger(value)) return [value]
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'number' || !Number.isInteger(v))) fail('must be a list of integers')
      break
  }
  if (typeof value === 'number') {
    if (spec.min !== undefined && value < spec.min) fail(`must be at least ${spec.min}, got ${value}`)
    if (spec.max !== undefined && value > spec.max) fail(`must be at most ${spec.max}, got ${value}`)
  }
  return value as OpParams[string]
}

/** An operator's parameters checked against its declaration, with defaults filled in. */
export function resolveParams(info: OpInfo, given: Record<string, unknown> | null | undefined): OpParams {
  const out: OpParams = {}
  const specs = new Map(info.params.map((p) => [p.name, p]))
  for (const [name, value] of Object.entries(given ?? {})) {
    const spec = specs.get(name)
    if (spec === undefined) {
      const suggestion = closest(name, [...specs.keys()])
      const known = [...specs.keys()]
      throw new SieveError(
        'BAD_REQUEST',
        `${info.name} has no parameter '${name}'.${suggestion !== undefined ? ` Did you mean '${suggestion}'?` : ''}${known.length > 0 ? ` Its parameters: ${known.join(', ')}.` : ' It takes no parameters.'}`,
        { op: info.name, param: name, ...(suggestion !== undefined ? { suggestion } : {}) }
      )
    }
    out[name] = checkValue(info.name, spec, value)
  }
  for (const spec of info.params) if (!(spec.name in out)) out[spec.name] = spec.default
  const conflict = thresholdConflict(info, out)
  if (conflict !== null) throw new SieveError('BAD_REQUEST', `${info.name}: ${conflict.message}`, { op: info.name, param: conflict.min })
  return out
}
