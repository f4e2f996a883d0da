import { describe, expect, it } from 'vitest'
import {
  binsOf,
  formatShare,
  histogramDomain,
  keptShare,
  keptShareOfCdf,
  movedBound,
  positionOf,
  roundThreshold,
  thresholdStep,
  valueAt
} from './threshold'
import type { RangeMode } from '../../../../shared/ops'

const bins = [
  { from: 0, to: 50, count: 3 },
  { from: 50, to: 100, count: 1 }
]

describe('threshold maths of the preview histograms', () => {
  it('counts the values kept within inclusive bounds, null being no bound', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    expect(keptShare(values, { min: 3, max: 8 })).toBe(0.6)
    expect(keptShare(values, { min: 3, max: null })).toBe(0.8)
    expect(keptShare(values, { min: null, max: null })).toBe(1)
    expect(keptShare([], { min: 0, max: 1 })).toBe(0)
    expect(formatShare(0.6129)).toBe('61.3%')
  })

  it('rounds thresholds as the parameter stores them', () => {
    expect(roundThreshold(249.6, true)).toBe(250)
    expect(roundThreshold(0.123456, false)).toBe(0.123)
  })

  it('spans the data, widened a little for a threshold just outside it, not for a far one', () => {
    expect(histogramDomain(bins, { min: null, max: null })).toEqual({ lo: 0, hi: 100 })
    expect(histogramDomain(bins, { min: -10, max: 110 })).toEqual({ lo: -10, hi: 110 })
    expect(histogramDomain(bins, { min: 10, max: 100000 })).toEqual({ lo: 0, hi: 125 })
    expect(histogramDomain([{ from: 5, to: 5, count: 2 }], { min: null, max: null })).toEqual({ lo: 4.5, hi: 5.5 })
    expect(histogramDomain([], { min: null, max: null })).toEqual({ lo: 0, hi: 1 })
  })

  it('maps values to positions and back, a far value sitting at the edge', () => {
    const domain = { lo: 0, hi: 200 }
    expect(positionOf(50, domain)).toBe(0.25)
    expect(positionOf(1000, domain)).toBe(1)
    expect(valueAt(0.25, domain)).toBe(50)
  })

  it('steps by round numbers, at least 1 for integers', () => {
    expect(thresholdStep({ lo: 0, hi: 3000 }, true)).toBe(50)
    expect(thresholdStep({ lo: 0, hi: 1 }, false)).toBe(0.01)
    expect(thresholdStep({ lo: 0, hi: 20 }, true)).toBe(1)
  })

  it('keeps a moved bound within its limits and on its side of the other', () => {
    const limits = { min: 0, integer: true }
    expect(movedBound({ min: 10, max: 100 }, 'min', 150.4, limits)).toEqual({ min: 100, max: 100 })
    expect(movedBound({ min: 10, max: 100 }, 'min', -5, limits)).toEqual({ min: 0, max: 100 })
    expect(movedBound({ min: 10, max: null }, 'max', 5, limits)).toEqual({ min: 10, max: 10 })
    expect(movedBound({ min: 0.1, max: null }, 'min', 0.45678, { integer: false })).toEqual({ min: 0.457, max: null })
  })

  it('draws an analysis histogram of edges and counts as bins', () => {
    expect(binsOf({ edges: [0, 5, 10], counts: [2, 7] })).toEqual([
      { from: 0, to: 5, count: 2 },
      { from: 5, to: 10, count: 7 }
    ])
  })

  /** The CDF of these values at every distinct value: the shares at or below each. */
  function exactCdf(values: number[]): { values: number[]; shares: number[] } {
    const distinct = [...new Set(values)].sort((a, b) => a - b)
    return { values: distinct, shares: distinct.map((d) => values.filter((v) => v <= d).length / values.length) }
  }

  it('gives the kept share of the whole dataset from a CDF of every distinct value exactly as counting the rows does', () => {
    const values = [3, 3, 3, 7, 8, 8, 12, 40, 40, 41, 90, 90, 90, 90]
    const cdf = exactCdf(values)
    const cases = [
      { min: 3, max: 90 },
      { min: 3, max: null },
      { min: null, max: 8 },
      { min: 8, max: 8 },
      { min: 8, max: 40 },
      { min: 4, max: 7 },
      { min: 41, max: 41 },
      { min: 0, max: 2 },
      { min: 91, max: null },
      { min: null, max: null }
    ]
    for (const bounds of cases) expect(keptShareOfCdf(cdf, bounds), JSON.stringify(bounds)).toBeCloseTo(keptShare(values, bounds), 12)
  })

  it('reads the bounds as the range mode says: open bounds and reversed_range, from the values and from the CDF alike', () => {
    const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    const mode = (minClosed: boolean, maxClosed: boolean, reversed: boolean): RangeMode => ({ minClosed, maxClosed, reversed })
    expect(keptShare(values, { min: 3, max: 8 }, mode(false, false, false))).toBe(0.4)
    // reversed_range flips both closed flags, then keeps what is not inside: 3 and 8 stay, as in Data-Juicer.
    expect(keptShare(values, { min: 3, max: 8 }, mode(true, true, true))).toBe(0.6)
    expect(keptShare(values, { min: 3, max: 8 }, mode(false, false, true))).toBe(0.4)
    expect(keptShare(values, { min: null, max: null }, mode(true, true, true))).toBe(0)
    const cdf = exactCdf([3, 3, 3, 7, 8, 8, 12, 40, 40, 41, 90, 90, 90, 90])
    const all = [3, 3, 3, 7, 8, 8, 12, 40, 40, 41, 90, 90, 90, 90]
    for (const bounds of [
      { min: 3, max: 40 },
      { min: 8, max: 8 },
      { min: null, max: 40 },
      { min: 3, max: null },
      { min: null, max: null }
    ])
      for (const m of [true, false].flatMap((r) => [true, false].flatMap((a) => [true, false].map((b) => mode(a, b, r)))))
        expect(keptShareOfCdf(cdf, bounds, m), JSON.stringify([bounds, m])).toBeCloseTo(keptShare(all, bounds, m), 12)
  })

  it('between two points of a coarse CDF reads the step below, off by no more than the step', () => {
    const cdf = { values: [0, 10, 20], shares: [0.1, 0.5, 1] }
    expect(keptShareOfCdf(cdf, { min: null, max: 15 })).toBeCloseTo(0.5, 12)
    expect(keptShareOfCdf(cdf, { min: 5, max: null })).toBeCloseTo(0.9, 12)
    expect(keptShareOfCdf(cdf, { min: 10, max: 10 })).toBeCloseTo(0.4, 12)
    expect(keptShareOfCdf(cdf, { min: 15, max: 5 })).toBe(0)
    expect(keptShareOfCdf({ values: [], shares: [] }, { min: 1, max: 2 })).toBe(0)
  })
})
