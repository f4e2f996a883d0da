import type { StateCreator } from 'zustand'
import type { OpInfo } from '../../../shared/ops'
import type { Store } from '.'

/** The operators the backend has: they do not change while the app runs, so they are asked for once. */
export type OpsState = { status: 'loading' } | { status: 'ready'; list: OpInfo[]; byName: Map<string, OpInfo> } | { status: 'error'; message: string }

export interface OpsSlice {
  ops: OpsState
}

export const createOpsSlice: StateCreator<Store, [], [], OpsSlice> = () => ({
  ops: { status: 'loading' }
})
