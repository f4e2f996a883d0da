import { describe, expect, it } from 'vitest'
import { latest } from './latest'

describe('latest', () => {
  it('keeps only the newest token current', () => {
    const requests = latest()
    const first = requests.begin()
    expect(first.current).toBe(true)
    const second = requests.begin()
    expect(first.current).toBe(false)
    expect(second.current).toBe(true)
  })

  it('cancel makes every token stale until the next begin', () => {
    const requests = latest()
    const token = requests.begin()
    requests.cancel()
    expect(token.current).toBe(false)
    expect(requests.begin().current).toBe(true)
  })

  it('separate helpers do not interfere', () => {
    const a = latest()
    const b = latest()
    const tokenA = a.begin()
    b.begin()
    expect(tokenA.current).toBe(true)
  })
})
