import type { OpInfo } from '../../../../shared/ops'
import { deps } from '../../app/deps'
import { useStore } from '../../app/store'
import { asApiError } from '../../app/errors'

let request: Promise<void> | null = null

/** Asks the backend for its operators unless they are known or on their way; after a failure, asks again. */
export function loadOps(): Promise<void> {
  if (useStore.getState().ops.status === 'ready') return Promise.resolve()
  if (request !== null) return request
  useStore.setState({ ops: { status: 'loading' } })
  request = deps()
    .api.listOps({})
    .then(
      (list) => {
        useStore.setState({ ops: { status: 'ready', list, byName: new Map(list.map((op) => [op.name, op])) } })
      },
      (err: unknown) => {
        request = null
        useStore.setState({ ops: { status: 'error', message: asApiError(err).message } })
      }
    )
  return request
}

/** One operator's description, or undefined while the list loads or for a name Sieve does not have. */
export function useOpInfo(name: string | undefined): OpInfo | undefined {
  return useStore((s) => (s.ops.status === 'ready' && name !== undefined ? s.ops.byName.get(name) : undefined))
}
