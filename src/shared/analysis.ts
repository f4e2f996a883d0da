/**
 * What `sieve analyze` finds over the whole of a dataset, and what a finished job's report and a
 * comparison of two jobs show: the contract between the engine, the CLI, the HTML report and the
 * window. Stat names are Data-Juicer's (`text_len`, `alnum_ratio`, `lang`, …).
 */

/** The quantiles every numeric stat reports, by name. */
export const QUANTILE_NAMES = ['p1', 'p5', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95', 'p99'] as const
export type QuantileName = (typeof QUANTILE_NAMES)[number]

/** A histogram as edges and counts: `edges.length === counts.length + 1`, bin i is [edges[i], edges[i+1]) (the last bin closed). */
export interface Histogram {
  edges: number[]
  counts: number[]
}

/** A numeric stat over every row that has it. */
export interface NumericStatSummary {
  kind: 'numeric'
  /** Rows with a value (the histogram's counts sum to it). */
  count: number
  /** Rows without a value (null, NaN). */
  missing: number
  min: number
  max: number
  mean: number
  /** Population standard deviation, as Data-Juicer's overall table (pandas describe uses the sample one: say which in the table). */
  std: number
  quantiles: Record<QuantileName, number>
  /** The largest error of a quantile's rank as a share of `count`: 0 when exact. */
  rankError: number
  histogram: Histogram
  /**
   * The share of rows at or below each of these values (a fine CDF: `cdf.values` ascending, `cdf.shares`
   * from 0 to 1), so a threshold dragged in the window gives the kept share of the whole dataset without a rerun.
   */
  cdf: { values: number[]; shares: number[] }
}

/** A categorical stat (a detected language, a tag) over every row that has it. */
export interface CategoricalStatSummary {
  kind: 'categorical'
  count: number
  missing: number
  /** Distinct values (exact while it is small, else an estimate: see `distinctIsEstimate`). */
  distinct: number
  distinctIsEstimate: boolean
  /** The most frequent values, most frequent first (at most 50). */
  top: { value: string; count: number }[]
}

export type StatSummary = NumericStatSummary | CategoricalStatSummary

/** One input column: how often it is empty, how many values it takes, how long its values are. */
export interface ColumnSummary {
  name: string
  /** Its Arrow type, as the dataset view shows it. */
  type: string
  nulls: number
  /** An estimate (HyperLogLog) unless exact. */
  distinct: number
  distinctIsEstimate: boolean
  /** Text columns: the length of each value in characters (code points). */
  length?: NumericStatSummary
  /** Numeric columns: the values themselves. */
  values?: NumericStatSummary
}

/** The stat one operator of the recipe produces. */
export interface AnalyzedOp {
  /** The operator's index in the recipe's `process`. */
  index: number
  name: string
  /** Its key under `__dj__stats__`; the summary is `stats[statsKey]`. */
  statsKey: string
}

/** The analysis of a dataset by a recipe: every stat of its filters over every row of the input. */
export interface DatasetAnalysis {
  version: 1
  rows: number
  /** When it was made, ISO 8601. */
  createdAt: string
  /** The input it describes (paths and fingerprint), so an unchanged dataset opens its analysis instantly. */
  input: { paths: string[]; fingerprint: string }
  ops: AnalyzedOp[]
  stats: Record<string, StatSummary>
  columns: ColumnSummary[]
}

/** A row a filter dropped, as its outcome shows it. */
export interface DroppedExample {
  /** Its text, cut to its first `TEXT_EXAMPLE_CHARS` code points (with an ellipsis) when longer. */
  text: string
  /** The text's whole length in code points: more than the text shows when it was cut. */
  textLength: number
  /** The filter's stat for the row; null for a filter without a stat. */
  stat: number | string | null
  /** Why it was dropped, as `rejected/` records it. */
  reason: string
  /** The partition it was dropped in. */
  partition: number
}

/** The code points of a dropped row's text an example keeps. */
export const TEXT_EXAMPLE_CHARS = 500

/** After a run: one filter's stat among the rows it kept and the rows it dropped, with examples of the dropped. */
export interface FilterOutcome {
  /** The filter's index in the recipe's `process`. */
  index: number
  name: string
  /** Its key under `__dj__stats__`; null for a filter without a stat (its rows and examples are still given). */
  statsKey: string | null
  /** Rows the filter kept and dropped over every partition: the funnel's rows out, and rows in less rows out. */
  rowsKept: number
  rowsDropped: number
  /** Its stat among the rows it kept; null without a stat, or when no kept row has a value. */
  kept: StatSummary | null
  /** Its stat among the rows it dropped; null without a stat, or when no dropped row has a value. */
  dropped: StatSummary | null
  /** The first rows it dropped (in partition order, a few per partition), with their stat value and reason. */
  examples: DroppedExample[]
}

/** Every filter's outcome of a run, in recipe order: what `jobs/outcomes` and `sieve outcomes` give. */
export interface JobOutcomes {
  workDir: string
  /** Every partition ran every filter (the job finished its partitions); otherwise the outcomes so far. */
  complete: boolean
  /** Partitions whose filters all ran, of the job's partitions. */
  partitionsDone: number
  partitions: number
  outcomes: FilterOutcome[]
}

/** One operator's line of a job's funnel. */
export interface FunnelStep {
  index: number
  name: string
  kind: string
  rowsIn: number
  rowsOut: number
  millis: number
}

/** Two finished jobs side by side: what tuning a recipe needs. */
export interface JobComparison {
  jobs: [ComparedJob, ComparedJob]
}

export interface ComparedJob {
  workDir: string
  name: string
  rowsIn: number
  rowsOut: number
  /** Wall time of the run. */
  millis: number
  funnel: FunnelStep[]
  /** The stats of its output rows, by stat name (from the stats column its filters wrote). */
  outputStats: Record<string, StatSummary>
}
