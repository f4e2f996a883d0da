import { create } from 'zustand'
import type { OpInfo } from '../../../../shared/ops'
import { api } from '../../api/client'
import { asApiError } from '../../store/errors'

/** The operators the backend has: they do not change while the app runs, so they are asked for once. */
export type OpsState = { status: 'loading' } | { status: 'ready'; ops: OpInfo[]; byName: Map<string, OpInfo> } | { status: 'error'; message: string }

export const useOps = create<OpsState>()(() => ({ status: 'loading' }))

let request: Promise<void> | null = null

/** Asks the backend for its operators unless they are known or on their way; after a failure, asks again. */
export function loadOps(): Promise<void> {
  if (useOps.getState().status === 'ready') return Promise.resolve()
  if (request !== null) return request
  useOps.setState({ status: 'loading' }, true)
  request = api.listOps({}).then(
    (ops) => {
      useOps.setState({ status: 'ready', ops, byName: new Map(ops.map((op) => [op.name, op])) }, true)
    },
    (err: unknown) => {
      request = null
      useOps.setState({ status: 'error', message: asApiError(err).message }, true)
    }
  )
  return request
}

/** One operator's description, or undefined while the list loads or for a name Sieve does not have. */
export function useOpInfo(name: string | undefined): OpInfo | undefined {
  return useOps((s) => (s.status === 'ready' && name !== undefined ? s.byName.get(name) : undefined))
}
