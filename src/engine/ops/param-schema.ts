import { z } from 'zod'
import type { OpInfo, OpParams, ParamSpec } from '../../shared/ops'

/** What a parameter must be, as its error messages say it. */
function expected(spec: ParamSpec): string {
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

/** An issue message for a value of the wrong type: "must be …, got <value>" ("…, not null" for null). */
function wrongType(spec: ParamSpec, showValue = true): { error: (issue: { input?: unknown }) => string } {
  return {
    error: ({ input }) =>
      input === null
        ? `must be ${expected(spec)}, not null`
        : showValue
          ? `must be ${expected(spec)}, got ${JSON.stringify(input)}`
          : `must be ${expected(spec)}`
  }
}

function ranged(spec: ParamSpec, schema: z.ZodNumber): z.ZodNumber {
  let out = schema
  if (spec.min !== undefined) out = out.min(spec.min, { error: ({ input }) => `must be at least ${spec.min}, got ${String(input)}` })
  if (spec.max !== undefined) out = out.max(spec.max, { error: ({ input }) => `must be at most ${spec.max}, got ${String(input)}` })
  return out
}

/** The schema of one declared parameter; its output is the value the operator gets. */
function paramSchema(spec: ParamSpec): z.ZodType<OpParams[string]> {
  const schema = ((): z.ZodType<OpParams[string]> => {
    switch (spec.type) {
      case 'int':
        // Number.isInteger, not .int(): an integer beyond 2^53 is still an integer here.
        return ranged(spec, z.number(wrongType(spec)).refine(Number.isInteger, wrongType(spec)))
      case 'float':
        return ranged(spec, z.number(wrongType(spec)))
      case 'bool':
        return z.boolean(wrongType(spec))
      case 'string':
        return z.string(wrongType(spec))
      case 'enum':
        return z.enum(spec.choices as [string, ...string[]], wrongType(spec))
      case 'string_list':
        // Data-Juicer takes a lone string where it takes a list of them (lang: en).
        return z.preprocess(
          (v) => (typeof v === 'string' ? [v] : v),
          z.array(z.string({ error: `must be ${expected(spec)}` }), wrongType(spec, false))
        )
      case 'int_list': {
        const integer = z.number({ error: `must be ${expected(spec)}` }).refine(Number.isInteger, { error: `must be ${expected(spec)}` })
        return z.preprocess((v) => (typeof v === 'number' && Number.isInteger(v) ? [v] : v), z.array(integer, wrongType(spec, false)))
      }
    }
  })()
  // A setting Sieve ignores keeps whatever scalar Data-Juicer would take (e.g. 8 or 'auto').
  if (spec.noEffect !== undefined) return z.union([schema, z.number(), z.string(), z.boolean()], wrongScalar).nullable()
  return spec.default === null || spec.nullable === true ? schema.nullable() : schema
}

const wrongScalar = { error: 'must be a number, a string or true/false' }

const schemas = new WeakMap<OpInfo, Map<string, z.ZodType<OpParams[string]>>>()

/** Each declared parameter's schema, built once per operator from its declaration. */
export function paramSchemas(info: OpInfo): ReadonlyMap<string, z.ZodType<OpParams[string]>> {
  let byName = schemas.get(info)
  if (byName === undefined) {
    byName = new Map(info.params.map((spec) => [spec.name, paramSchema(spec)]))
    schemas.set(info, byName)
  }
  return byName
}
