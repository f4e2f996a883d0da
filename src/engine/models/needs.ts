import { SieveError } from '../../shared/errors'
import type { OpParams } from '../../shared/ops'
import type { RecipeOp } from '../../shared/recipe'
import { getOpDefinition, listOps, resolveParams } from '../ops/registry'
import { modelSpec, type ModelSpec } from './catalog'
import type { ModelStore } from './store'

export interface ModelNeed {
  spec: ModelSpec
  /** The operators (name and position in `process`) that need it. */
  users: { op: string; index: number }[]
}

/** The model files a chain of operators needs with its parameters, each once, in the order first needed. */
export function modelsNeeded(process: { name: string; params: OpParams | null }[]): ModelNeed[] {
  const needs = new Map<string, ModelNeed>()
  process.forEach((op, index) => {
    const definition = getOpDefinition(op.name)
    if (definition.models === undefined) return
    for (const spec of definition.models(resolveParams(definition.info, op.params))) {
      const need = needs.get(spec.name) ?? { spec, users: [] }
      need.users.push({ op: op.name, index })
      needs.set(spec.name, need)
    }
  })
  return [...needs.values()]
}

/** How to get a model that is not in the store: the command, or what to do where there is no download. */
export function howToGet(spec: ModelSpec): string {
  if (spec.howToGet !== undefined) return spec.howToGet
  return `get it with 'sieve models fetch ${spec.name}', or add a copy you have with 'sieve models add FILE --name ${spec.name}'`
}

/**
 * Finds each model the operators need in the store (its own file, or one of its alternatives) and
 * records its path on the operator (`RecipeOp.models`, under the needed model's name), so the
 * workers load it from there. A model that is absent refuses the whole chain before any work,
 * naming each missing file, what serves in its place, and the command that gets it.
 */
export function findModels(process: RecipeOp[], store: ModelStore): void {
  const needs = modelsNeeded(process).map((need) => ({ ...need, found: store.find(need.spec) }))
  const missing = needs.filter((n) => n.found === undefined)
  if (missing.length > 0) {
    const lines = missing.map((n) => {
      const users = n.users.map((u) => `${u.op} (process[${u.index}])`).join(', ')
      const instead = (n.spec.alternatives ?? []).map((name) => ` or ${name} (${modelSpec(name).description})`).join('')
      return `${n.spec.name} (${n.spec.description})${instead}, needed by ${users}: ${howToGet(n.spec)}.`
    })
    throw new SieveError(
      'BAD_REQUEST',
      `The recipe needs ${missing.length === 1 ? 'a model file' : 'model files'} not in the model store (${store.dir}): ${lines.join(' ')}`,
      { models: missing.map((n) => n.spec.name), modelDir: store.dir }
    )
  }
  for (const { spec, users, found } of needs) {
    if (found === undefined) continue
    for (const { index } of users) {
      const op = process[index]!
      op.models = { ...op.models, [spec.name]: found.path }
    }
  }
}

/** Refuses a chain whose models are not all in the store, as `findModels` does, without recording their paths. */
export function checkModels(process: readonly RecipeOp[], store: ModelStore): void {
  findModels(
    process.map((op) => ({ name: op.name, params: op.params })),
    store
  )
}

export interface OperatorModel {
  spec: ModelSpec
  /** Each operator that needs it with its default parameters, and the setting that makes it need it, if any. */
  users: { op: string; when?: string }[]
}

/**
 * What each operator needs, for `sieve models`: its models with its default parameters, and for an
 * operator that needs one only with `tokenization: true`, the model it needs then (for the default lang).
 */
export function operatorModels(): OperatorModel[] {
  const out = new Map<string, OperatorModel>()
  for (const info of listOps()) {
    const definition = getOpDefinition(info.name)
    if (definition.models === undefined) continue
    const defaults = resolveParams(info, {})
    let when: string | undefined
    let specs = definition.models(defaults)
    if (specs.length === 0 && info.params.some((p) => p.name === 'tokenization' && p.type === 'bool')) {
      when = 'tokenization: true'
      specs = definition.models({ ...defaults, tokenization: true })
    }
    for (const spec of specs) {
      const entry = out.get(spec.name) ?? { spec, users: [] }
      entry.users.push({ op: info.name, ...(when !== undefined ? { when } : {}) })
      out.set(spec.name, entry)
    }
  }
  return [...out.values()]
}
