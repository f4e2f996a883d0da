import { QUANTILE_NAMES, type Histogram, type NumericStatSummary, type QuantileName } from '../../shared/analysis'
import type { NumericPartial } from './numeric-values'
import { RunMerger, type RunReader } from './partial-file'

const QUANTILES: Record<QuantileName, number> = { p1: 0.01, p5: 0.05, p10: 0.1, p25: 0.25, p50: 0.5, p75: 0.75, p90: 0.9, p95: 0.95, p99: 0.99 }
export const HISTOGRAM_BINS = 50
/** Points of the CDF the window reads a threshold's kept share from: one per half-percent of the rows. */
const CDF_POINTS = 200
/** Merged values summed up at a time. */
const MERGE_BUFFER = 8192

/** The partitions' count, mean and spread combined (Chan's parallel variance). */
function combine(partials: NumericPartial[]): {
  count: number
  missing: number
  mean: number
  m2: number
  min: number
  max: number
  integers: boolean
} {
  let count = 0
  let mean = 0
  let m2 = 0
  let missing = 0
  let min = Infinity
  let max = -Infinity
  let integers = true
  let sum = 0
  let compensation = 0
  for (const p of partials) {
    missing += p.missing
    if (p.count === 0) continue
    const pMean = p.sum / p.count
    const total = count + p.count
    const delta = pMean - mean
    m2 += p.m2 + (delta * delta * count * p.count) / total
    mean += (delta * p.count) / total
    count = total
    const t = sum + p.sum
    compensation += Math.abs(sum) >= Math.abs(p.sum) ? sum - t + p.sum : p.sum - t + sum
    sum = t
    min = Math.min(min, p.min)
    max = Math.max(max, p.max)
    integers &&= p.integers
  }
  // The mean from the compensated sum: as exact as one sum over every value.
  return { count, missing, mean: count > 0 ? (sum + compensation) / count : 0, m2, min, max, integers }
}

/** Equal-width bins over [min, max]; whole numbers over a short range get one bin per value. */
export function histogramEdges(min: number, max: number, integers: boolean): number[] {
  if (!(max > min) || !Number.isFinite(max - min)) return [min, max]
  if (integers && max - min + 1 <= HISTOGRAM_BINS) return Array.from({ length: max - min + 2 }, (_, i) => min + i)
  const width = (max - min) / HISTOGRAM_BINS
  return Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => (i === HISTOGRAM_BINS ? max : min + i * width))
}

/** The bin of a value: bin i is [edges[i], edges[i+1]), the last one closed; found by arithmetic, then checked against the edges. */
export function binOf(edges: number[], value: number): number {
  const last = edges.length - 2
  const width = (edges[last + 1]! - edges[0]!) / (last + 1)
  let i = width > 0 ? Math.min(last, Math.max(0, Math.floor((value - edges[0]!) / width))) : 0
  while (i > 0 && value < edges[i]!) i--
  while (i < last && value >= edges[i + 1]!) i++
  return i
}

/**
 * A numeric stat over every partition: count, mean and std from the partials, and the quantiles
 * (linear interpolation, as numpy, pandas and DuckDB's quantile_cont), histogram and CDF from one
 * pass over the k-way merge of the sorted runs, so they are exact (rank error 0) in bounded memory.
 */
export function summarizeNumeric(partials: NumericPartial[], runs: RunReader[]): NumericStatSummary {
  const { count, missing, mean, m2, min, max, integers } = combine(partials)
  const edges = count > 0 ? histogramEdges(min, max, integers) : []
  const counts = new Array<number>(Math.max(0, edges.length - 1)).fill(0)
  const positions = QUANTILE_NAMES.map((name) => QUANTILES[name] * (count - 1))
  // The ranks whose values the quantiles and the CDF need, ascending: the pass checks only the next one of each.
  const ascending = (ranks: number[]): number[] => [...new Set(ranks)].sort((a, b) => a - b)
  const quantileRanks = ascending(positions.flatMap((pos) => [Math.floor(pos), Math.ceil(pos)]))
  const cdfRanks = ascending(Array.from({ length: CDF_POINTS + 1 }, (_, i) => Math.round((i * (count - 1)) / CDF_POINTS)))
  const wanted = new Map<number, number>()
  const cdfValues: number[] = []
  const cdfShares: number[] = []
  let nextQuantile = 0
  let nextCdf = 0
  let pending = 0
  let rank = 0
  let previous = NaN
  // The values come sorted, so a value's bin changes only once it reaches the current bin's upper edge.
  let bin = 0
  let upper = edges.length > 2 ? edges[1]! : Infinity
  const merger = new RunMerger(runs)
  const buffer = new Float64Array(MERGE_BUFFER)
  for (let n = merger.fill(buffer); n > 0; n = merger.fill(buffer)) {
    for (let i = 0; i < n; i++) {
      const value = buffer[i]!
      // A new value: every CDF point at the previous one now knows how many rows are at or below it.
      if (value !== previous) {
        for (; pending < cdfValues.length; pending++) cdfShares.push(rank / count)
        previous = value
      }
      if (rank === quantileRanks[nextQuantile]) {
        wanted.set(rank, value)
        nextQuantile++
      }
      if (rank === cdfRanks[nextCdf]) {
        if (cdfValues.at(-1) !== value) cdfValues.push(value)
        nextCdf++
      }
      if (value >= upper) {
        bin = binOf(edges, value)
        upper = bin < edges.length - 2 ? edges[bin + 1]! : Infinity
      }
      counts[bin]!++
      rank++
    }
  }
  for (; pending < cdfValues.length; pending++) cdfShares.push(1)
  const quantiles = {} as Record<QuantileName, number>
  QUANTILE_NAMES.forEach((name, i) => {
    const pos = positions[i]!
    const lo = wanted.get(Math.floor(pos))!
    const hi = wanted.get(Math.ceil(pos))!
    quantiles[name] = count === 0 ? NaN : lo + (hi - lo) * (pos - Math.floor(pos))
  })
  const histogram: Histogram = { edges, counts }
  return {
    kind: 'numeric',
    count,
    missing,
    min: count > 0 ? min : NaN,
    max: count > 0 ? max : NaN,
    mean: count > 0 ? mean : NaN,
    std: count > 0 ? Math.sqrt(m2 / count) : NaN,
    quantiles,
    rankError: 0,
    histogram,
    cdf: { values: cdfValues, shares: cdfShares }
  }
}
