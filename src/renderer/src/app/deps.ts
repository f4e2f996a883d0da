import type { SieveApi } from '../../../shared/api'

/** What actions reach outside the store through, injected so tests can give a fake API and answer confirmations. */
export interface Deps {
  api: SieveApi
  confirm: (message: string) => boolean
}

let current: Deps | undefined

/** Set once at start-up (main.tsx) with the real client and `window.confirm`; tests set fakes. */
export function setDeps(next: Deps): void {
  current = next
}

export function deps(): Deps {
  if (current === undefined) throw new Error('setDeps() was not called before the first action')
  return current
}
