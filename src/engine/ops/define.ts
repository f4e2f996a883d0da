import type { OpInfo, OpKind, OpParams, ParamSpec } from '../../shared/ops'
import { SieveError } from '../../shared/errors'
import type { Filter, Mapper, ModelPaths, OpContext } from './base'
import type { ModelSpec } from '../models/catalog'
import type { Deduplicator, Selector } from './global'

/** Every operator, tagged by its `kind`: callers switch on it instead of testing classes. */
export type AnyOperator = Mapper | Filter | Deduplicator | Selector

/** An operator that decides over the whole dataset, or an internal error naming what it is instead. */
export function globalOperator(op: AnyOperator): Deduplicator | Selector {
  if (op.kind === 'deduplicator' || op.kind === 'selector') return op
  throw new SieveError('INTERNAL', `${op.name} is a ${op.kind}, not an operator that decides over the whole dataset.`, { op: op.name })
}

/** The value a declared parameter holds, from its declaration: its type, and null where it may be empty. */
type ParamValue<S extends ParamSpec> =
  | (S['type'] extends 'int' | 'float'
      ? number
      : S['type'] extends 'bool'
        ? boolean
        : S['type'] extends 'string'
          ? string
          : S['type'] extends 'enum'
            ? S['choices'] extends (infer C)[]
              ? C
              : string
            : S['type'] extends 'string_list'
              ? string[]
              : number[])
  | (S['default'] extends null ? null : never)
  | (S['nullable'] extends true ? null : never)

/** An operator's parameters by name, typed from their declarations. */
export type ParamValues<D extends readonly ParamSpec[]> = { [S in D[number] as S['name']]: ParamValue<S> }

/** Declares an operator's parameters once, keeping each one's literal name, type and default for `ParamValues`. */
export function declareParams<const D extends readonly ParamSpec[]>(params: D): D {
  return params
}

export interface OpDefinition<O extends AnyOperator = AnyOperator> {
  info: OpInfo
  create(params: OpParams, context: OpContext): O
  /** The model files the operator needs with these parameters: checked for before a job starts, loaded by `prepare`. */
  models?: (params: OpParams) => ModelSpec[]
  /** Loads what the operator needs before it runs (a model), once per thread; awaited before `create`. */
  prepare?: (params: OpParams, models: ModelPaths) => Promise<void>
}

interface OpDeclaration<K extends OpKind, D extends readonly ParamSpec[], O> {
  name: string
  kind: K
  description: string
  /** The key under `__dj__stats__` a filter writes, as Data-Juicer names it. */
  statsKey?: string
  params: D
  create(info: OpInfo, params: ParamValues<D>, context: OpContext): O
  models?: (params: ParamValues<D>) => ModelSpec[]
  prepare?: (params: ParamValues<D>, models: ModelPaths) => Promise<void>
}

/** A filter's thresholds are its numeric `min_…` and `max_…` parameters: the one rule the preview, the UI and RangeFilter share. */
function thresholdParams(kind: OpKind, params: readonly ParamSpec[]): OpInfo['thresholds'] {
  if (kind !== 'filter') return undefined
  const numeric = (p: ParamSpec): boolean => p.type === 'int' || p.type === 'float'
  const min = params.find((p) => numeric(p) && p.name.startsWith('min_'))?.name
  const max = params.find((p) => numeric(p) && p.name.startsWith('max_'))?.name
  if (min === undefined && max === undefined) return undefined
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) }
}

/**
 * An operator from its declaration: its info (what `sieve ops`, the UI forms and recipe
 * validation read) and a `create` whose parameters have the declared types.
 */
export function defineOp<K extends OpKind, const D extends readonly ParamSpec[], O extends Extract<AnyOperator, { kind: K }>>(
  declaration: OpDeclaration<K, D, O>
): OpDefinition<O> {
  const { name, kind, description, statsKey, params, create, models, prepare } = declaration
  const thresholds = thresholdParams(kind, params)
  const info: OpInfo = {
    name,
    kind,
    description,
    ...(statsKey !== undefined ? { statsKey } : {}),
    params: [...params],
    ...(thresholds !== undefined ? { thresholds } : {})
  }
  return {
    info,
    // Parameters reach an operator through resolveParams, which checks them against this declaration.
    create: (values, context) => create(info, values as ParamValues<D>, context),
    ...(models !== undefined ? { models: (values: OpParams) => models(values as ParamValues<D>) } : {}),
    ...(prepare !== undefined ? { prepare: (values: OpParams, paths: ModelPaths) => prepare(values as ParamValues<D>, paths) } : {})
  }
}
