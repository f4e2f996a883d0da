import type { OpInfo } from '../../../../shared/ops'

/** The operators the backend has: they do not change while the app runs, so they are asked for once. */
export type OpsState =
  | { status: 'loading' }
  /** customOpsError: custom operator modules that did not load, a line each naming its file; list has Sieve's own and the modules that loaded. */
  | { status: 'ready'; list: OpInfo[]; byName: Map<string, OpInfo>; customOpsError?: string }
  | { status: 'error'; message: string }

export interface OpsSlice {
  ops: OpsState
}

/** The slice's state when the window opens. */
export const createOpsSlice = (): OpsSlice => ({
  ops: { status: 'loading' }
})
