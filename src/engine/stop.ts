import { SieveError } from '../shared/errors'

/** Set in a worker thread when its host asks it to stop; long tasks check it at safe points. */
let stopRequested = false

export function requestStop(): void {
  stopRequested = true
}

/** A safe point: no file is open here, so a stopped task can end without leaving one half-closed. */
export function throwIfStopped(): void {
  if (stopRequested) throw new SieveError('INTERNAL', 'The task was stopped because its worker is closing.')
}
