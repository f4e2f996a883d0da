/** A request's claim to be the newest of its kind: its answer may change state only while `current`. */
export interface LatestToken {
  readonly current: boolean
}

/** "Latest request wins": each `begin` makes every earlier token stale; `cancel` makes them all stale. */
export interface Latest {
  begin(): LatestToken
  cancel(): void
}

export function latest(): Latest {
  let newest = 0
  return {
    begin() {
      const mine = ++newest
      return {
        get current() {
          return mine === newest
        }
      }
    },
    cancel() {
      newest++
    }
  }
}
