/**
 * Measures the time a job stands idle because it is paused: paused, and no partition attempt
 * running (the running ones finish their stage first, and that is work). A run's active time is
 * its wall time less this, so rates and the ETA neither freeze nor collapse across a pause.
 */
export class PauseClock {
  private paused = false
  private working = 0
  private idleSince: number | undefined
  private idleTotal = 0

  constructor(private readonly now: () => number = Date.now) {}

  setPaused(paused: boolean): void {
    this.paused = paused
    this.update()
  }

  attemptStarted(): void {
    this.working++
    this.update()
  }

  attemptEnded(): void {
    this.working = Math.max(0, this.working - 1)
    this.update()
  }

  /** Milliseconds idle so far, the current stretch included. */
  get idleMillis(): number {
    return this.idleTotal + (this.idleSince === undefined ? 0 : this.now() - this.idleSince)
  }

  private update(): void {
    const idle = this.paused && this.working === 0
    if (idle && this.idleSince === undefined) this.idleSince = this.now()
    else if (!idle && this.idleSince !== undefined) {
      this.idleTotal += this.now() - this.idleSince
      this.idleSince = undefined
    }
  }
}
