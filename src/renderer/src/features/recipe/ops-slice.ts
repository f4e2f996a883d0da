import type { OpInfo } from '../../../../shared/ops'

/** The operators the backend has: they do not change while the app runs, so they are asked for once. */
export type OpsState =
  | { status: 'loading' }
  /** customOpsError: the recipe's custom operator modules did not load (the message names the file); list is Sieve's own. */
  | { status: 'ready'; list: OpInfo[]; byName: Map<string, OpInfo>; customOpsError?: string }
  | { status: 'error'; message: string }

export interface OpsSlice {
  ops: OpsState
}

/** The slice's state when the window opens. */
export const createOpsSlice = (): OpsSlice => ({
  ops: { status: 'loading' }
})
