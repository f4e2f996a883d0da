import type { OpKind } from './ops'

export interface HistogramBin {
  from: number
  to: number
  count: number
}

/** What one operator did to the preview sample. */
export interface PreviewStep {
  name: string
  kind: OpKind
  rowsIn: number
  rowsOut: number
  millis: number
  /** Filters: the distribution of their stat over the rows they saw, with the thresholds. */
  stat?: {
    key: string
    histogram: HistogramBin[]
    min: number | null
    max: number | null
    keptShare: number
    /** The stat of every row the filter saw, so a dragged threshold's kept share is exact. */
    values: number[]
  }
  /** Filters and deduplicators: some dropped rows, with why. */
  dropped: { text: string; reason: string }[]
  /** Mappers: some rows they changed. */
  changed: { before: string; after: string }[]
  /** Deduplicators: groups of rows judged the same, the kept one first. */
  clusters: string[][]
}

export interface PreviewResult {
  rows: number
  steps: PreviewStep[]
}
