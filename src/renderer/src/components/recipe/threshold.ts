import type { Histogram, NumericStatSummary } from '../../../../shared/analysis'
import type { HistogramBin } from '../../../../shared/preview'
import { innerRange, keepsValue, rangeModeOf, type RangeMode } from '../../../../shared/ops'

export interface Bounds {
  min: number | null
  max: number | null
}

export interface Domain {
  lo: number
  hi: number
}

/** The share of the values a filter keeps with these bounds (null is no bound), read as its range mode says (inclusive by default), exactly. */
export function keptShare(values: number[], bounds: Bounds, mode: RangeMode = rangeModeOf({})): number {
  if (values.length === 0) return 0
  let kept = 0
  for (const v of values) if (keepsValue(v, bounds.min, bounds.max, mode)) kept++
  return kept / values.length
}

export function formatShare(share: number): string {
  return `${(share * 100).toFixed(1)}%`
}

/** A threshold as the parameter stores it: whole for int parameters, 3 decimals for floats. */
export function roundThreshold(value: number, integer: boolean): number {
  return integer ? Math.round(value) : Math.round(value * 1000) / 1000
}

/** How far a threshold can reach past the data on each side, as a share of the data's span. */
const REACH = 0.25

/**
 * The x range of a histogram: the data's range, widened to show thresholds just outside it
 * (but not so far that the bars shrink to nothing; farther thresholds sit at the edge).
 */
export function histogramDomain(bins: HistogramBin[], bounds: Bounds): Domain {
  const first = bins[0]
  const last = bins[bins.length - 1]
  if (first === undefined || last === undefined) return { lo: 0, hi: 1 }
  let lo = first.from
  let hi = last.to
  if (lo === hi) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1
    lo -= pad
    hi += pad
  }
  const reach = (hi - lo) * REACH
  const dataLo = lo
  const dataHi = hi
  for (const t of [bounds.min, bounds.max]) {
    if (t === null) continue
    lo = Math.min(lo, Math.max(t, dataLo - reach))
    hi = Math.max(hi, Math.min(t, dataHi + reach))
  }
  return { lo, hi }
}

/** Where a value sits across the domain, from 0 to 1 (clamped: a far threshold sits at the edge). */
export function positionOf(value: number, domain: Domain): number {
  return Math.min(1, Math.max(0, (value - domain.lo) / (domain.hi - domain.lo)))
}

export function valueAt(position: number, domain: Domain): number {
  return domain.lo + Math.min(1, Math.max(0, position)) * (domain.hi - domain.lo)
}

/** A round step (1, 2 or 5 times a power of ten) near a hundredth of the domain; at least 1 for integers. */
export function thresholdStep(domain: Domain, integer: boolean): number {
  const raw = (domain.hi - domain.lo) / 100
  if (!(raw > 0)) return 1
  const power = 10 ** Math.floor(Math.log10(raw))
  const nice = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power
  return integer ? Math.max(1, Math.round(nice)) : nice
}

/**
 * Moves one bound to `value`, kept within the parameter's own limits and on its side of the
 * other bound, then rounded as the parameter stores it.
 */
export function movedBound(bounds: Bounds, which: 'min' | 'max', value: number, limits: { min?: number; max?: number; integer: boolean }): Bounds {
  let v = value
  if (limits.min !== undefined) v = Math.max(v, limits.min)
  if (limits.max !== undefined) v = Math.min(v, limits.max)
  if (which === 'min' && bounds.max !== null) v = Math.min(v, bounds.max)
  if (which === 'max' && bounds.min !== null) v = Math.max(v, bounds.min)
  return { ...bounds, [which]: roundThreshold(v, limits.integer) }
}

/** A histogram as edges and counts (an analysis's), as the bins the charts draw. */
export function binsOf(histogram: Histogram): HistogramBin[] {
  return histogram.counts.map((count, i) => ({ from: histogram.edges[i] ?? 0, to: histogram.edges[i + 1] ?? 0, count }))
}

type Cdf = NumericStatSummary['cdf']

/**
 * The share of rows at or below `value` (`strictly`: below it), read off a CDF's points as steps: rows
 * sit at the points. Exact when the points are every distinct value; else off by at most the share
 * between two neighbouring points (a fine CDF's resolution), never by a made-up line between them.
 */
function shareUpTo(cdf: Cdf, value: number, strictly: boolean): number {
  const { values, shares } = cdf
  // Bisection for the number of points at or below the value (strictly: below it).
  let lo = 0
  let hi = values.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    const v = values[mid] ?? 0
    if (v < value || (!strictly && v === value)) lo = mid + 1
    else hi = mid
  }
  return lo === 0 ? 0 : (shares[lo - 1] ?? 0)
}

/** The share of the whole dataset a filter keeps with these bounds (null is no bound), read as its range mode says, from the stat's CDF: no rerun. */
export function keptShareOfCdf(cdf: Cdf, bounds: Bounds, mode: RangeMode = rangeModeOf({})): number {
  if (cdf.values.length === 0) return 0
  const { minClosed, maxClosed } = innerRange(mode)
  const all = cdf.shares[cdf.shares.length - 1] ?? 1
  const upTo = bounds.max === null ? all : shareUpTo(cdf, bounds.max, !maxClosed)
  const below = bounds.min === null ? 0 : shareUpTo(cdf, bounds.min, minClosed)
  const inside = Math.max(0, upTo - below)
  return mode.reversed ? all - inside : inside
}
