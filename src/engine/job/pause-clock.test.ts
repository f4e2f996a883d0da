import { describe, expect, it } from 'vitest'
import { PauseClock } from './pause-clock'

describe('the pause clock', () => {
  it('counts only the time paused with nothing running: a partition finishing its stage after Pause is work', () => {
    let now = 0
    const clock = new PauseClock(() => now)
    clock.attemptStarted()
    now = 1000
    clock.setPaused(true)
    now = 3000
    expect(clock.idleMillis).toBe(0)
    clock.attemptEnded()
    now = 10_000
    expect(clock.idleMillis).toBe(7000)
    clock.setPaused(false)
    now = 20_000
    expect(clock.idleMillis).toBe(7000)
    // Paused again while idle: a second stretch adds to the first.
    clock.setPaused(true)
    now = 25_000
    clock.attemptStarted()
    now = 30_000
    expect(clock.idleMillis).toBe(12_000)
  })
})
