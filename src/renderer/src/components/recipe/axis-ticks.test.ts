import { describe, expect, it } from 'vitest'
import { axisTicks } from './axis-ticks'

const values = (lo: number, hi: number, target: number, integer?: boolean): number[] => axisTicks(lo, hi, target, integer).map((t) => t.value)

describe('axis ticks of the preview histograms', () => {
  it('steps by 1, 2 or 5 times a power of ten, inside the range', () => {
    expect(values(0, 2000, 4)).toEqual([0, 500, 1000, 1500, 2000])
    expect(values(13, 987, 5)).toEqual([200, 400, 600, 800])
    expect(values(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(values(0.31, 0.97, 3)).toEqual([0.4, 0.6, 0.8])
  })

  it('labels thousands with separators and decimals as the step needs', () => {
    expect(axisTicks(0, 20000, 2).map((t) => t.label)).toEqual(['0', '10,000', '20,000'])
    expect(axisTicks(0, 0.05, 5).map((t) => t.label)).toEqual(['0.00', '0.01', '0.02', '0.03', '0.04', '0.05'])
  })

  it('counts in whole steps', () => {
    expect(values(0, 3, 5, true)).toEqual([0, 1, 2, 3])
    expect(values(0, 412, 3, true)).toEqual([0, 100, 200, 300, 400])
  })

  it('gives one tick for an empty range and none for a range that is not a number', () => {
    expect(values(5, 5, 4)).toEqual([5])
    expect(values(Number.NaN, 1, 4)).toEqual([])
  })
})
