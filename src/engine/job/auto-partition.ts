import type { Recipe } from '../../shared/recipe'
import { inspectDataset } from '../inspect'
import { workerCount } from './workers'

/** Rows read to measure the dataset: enough for a stable average, few enough to be quick. */
const SAMPLE_ROWS = 1000
/**
 * How many times a partition's rows are held in a worker's memory at once: its input batches, an
 * operator's output, the checkpoint or result being encoded, and headroom for the operator's work.
 */
const COPIES_IN_MEMORY = 4
/** Partitions per worker, so the workers stay busy to the end and a retry redoes little. */
const PARTITIONS_PER_WORKER = 4
/** Fewer rows than this per partition costs more in per-partition work than it gains. */
const MIN_ROWS = 1000

export interface PartitionChoice {
  rows: number
  /** What was measured and which bound decided, as the job's log says it. */
  reason: string
}

const count = (n: number): string => Math.round(n).toLocaleString('en-US')

/**
 * `partition: {mode: auto}`: the partition size chosen from a sample of the dataset (reference/001's
 * adaptive partitioning). The largest size that (a) fits a worker's memory budget
 * (performance.memory_limit_gb) `COPIES_IN_MEMORY` times over, at the sample's bytes per row in
 * memory; (b) gives every worker (`np`) `PARTITIONS_PER_WORKER` partitions of the estimated rows;
 * (c) keeps a partition's input within max_partition_size_mb at the sample's rows per MB on disk —
 * and at least MIN_ROWS.
 */
export async function choosePartitionSize(recipe: Recipe, files: string[]): Promise<PartitionChoice> {
  const sample = await inspectDataset(files, SAMPLE_ROWS)
  const rows = Math.max(1, sample.rowCount.value)
  return decidePartitionSize(
    {
      sampleRows: sample.headRows,
      rows,
      rowsPerMb: rows / Math.max(1 / (1 << 20), sample.totalBytes / (1 << 20)),
      memoryPerRow: sample.head.byteLength / Math.max(1, sample.headRows)
    },
    recipe
  )
}

/** What a sample says of a dataset: its rows (estimated), rows per MB as stored, bytes per row in memory (Arrow). */
export interface DatasetMeasure {
  sampleRows: number
  rows: number
  rowsPerMb: number
  memoryPerRow: number
}

/** The partition size from the dataset's measure and the recipe's budget (see choosePartitionSize). */
export function decidePartitionSize(measure: DatasetMeasure, recipe: Pick<Recipe, 'np' | 'max_partition_size_mb' | 'performance'>): PartitionChoice {
  const { rows, rowsPerMb, memoryPerRow } = measure
  const workers = workerCount(recipe.np)
  const bounds = [
    {
      rows: (recipe.performance.memory_limit_gb * (1 << 30)) / (COPIES_IN_MEMORY * memoryPerRow),
      why: `memory (${recipe.performance.memory_limit_gb} GB per worker)`
    },
    { rows: Math.ceil(rows / (workers * PARTITIONS_PER_WORKER)), why: `${PARTITIONS_PER_WORKER} partitions for each of ${workers} worker(s)` },
    { rows: recipe.max_partition_size_mb * rowsPerMb, why: `max_partition_size_mb ${recipe.max_partition_size_mb}` }
  ]
  const decisive = bounds.reduce((a, b) => (b.rows < a.rows ? b : a))
  const chosen = Math.max(MIN_ROWS, Math.floor(decisive.rows))
  const decided = chosen === MIN_ROWS && decisive.rows < MIN_ROWS ? `the least of ${count(MIN_ROWS)} rows` : decisive.why
  return {
    rows: chosen,
    reason: `partition.mode auto: ${count(chosen)} rows per partition, set by ${decided} (sample of ${count(measure.sampleRows)} rows: ${count(rowsPerMb)} rows per MB on disk, ${count(memoryPerRow)} bytes per row in memory; about ${count(rows)} rows in all)`
  }
}
