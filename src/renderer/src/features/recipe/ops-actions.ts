import type { OpInfo } from '../../../../shared/ops'
import { deps } from '../../app/deps'
import { useStore } from '../../app/store'
import { asApiError } from '../../app/errors'
import { joinPath } from '../../paths'
import { readSetting } from './recipe-draft'

let request: Promise<void> | null = null
/** The custom_operator_paths the listed (or requested) operators include. */
let listedFor = ''

/** The recipe's custom_operator_paths, each taken from the recipe's folder: the modules its custom operators come from. */
export function recipeCustomPaths(): string[] {
  const { yaml, baseDir } = useStore.getState().recipe
  const value = readSetting(yaml, ['custom_operator_paths'])
  const list = Array.isArray(value) ? (value as unknown[]) : [value]
  return list.filter((v): v is string => typeof v === 'string' && v !== '').map((p) => joinPath(baseDir, p))
}

/**
 * Asks the backend for its operators, with the recipe's custom ones, unless they are known or on
 * their way; asks again when the recipe names other custom modules, and after a failure.
 */
export function loadOps(): Promise<void> {
  const customOperatorPaths = recipeCustomPaths()
  const key = JSON.stringify(customOperatorPaths)
  if (key === listedFor && (request !== null || useStore.getState().ops.status === 'ready')) return request ?? Promise.resolve()
  listedFor = key
  useStore.setState({ ops: { status: 'loading' } })
  const current = deps()
    .api.listOps(customOperatorPaths.length > 0 ? { customOperatorPaths } : {})
    .then(
      ({ ops: list, customOpsError }) => {
        if (request !== current) return
        request = null
        const byName = new Map(list.map((op) => [op.name, op]))
        useStore.setState({ ops: { status: 'ready', list, byName, ...(customOpsError !== undefined ? { customOpsError } : {}) } })
      },
      (err: unknown) => {
        if (request !== current) return
        request = null
        listedFor = ''
        useStore.setState({ ops: { status: 'error', message: asApiError(err).message } })
      }
    )
  request = current
  return current
}

/** Asks again whatever is known: after a custom operator module was fixed. */
export function reloadOps(): Promise<void> {
  listedFor = ''
  return loadOps()
}

/** One operator's description, or undefined while the list loads or for a name Sieve does not have. */
export function useOpInfo(name: string | undefined): OpInfo | undefined {
  return useStore((s) => (s.ops.status === 'ready' && name !== undefined ? s.ops.byName.get(name) : undefined))
}
