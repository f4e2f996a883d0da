/**
 * The one definition of each figure a job shows, shared by the engine (which records them) and the
 * window (which draws them live), so that the report, the chart, the monitor and the Jobs list agree.
 *
 * - Rows through a stage: a partition's rows count once for each stage it finished; in its first
 *   stage it counts the rows it has read. A job with a deduplicator has two stages.
 * - Rows through the chain: rows through a stage divided by the number of stages, so a job that
 *   read and finished every row has moved exactly its input rows, however many stages it has.
 * - Active time: a run's wall time less the time it stood paused with no partition running.
 * - Throughput (rows/s): rows through the chain that a run moved, per second of its active time.
 * - Run time: a run's wall time, from its start (or resume) to its end, pauses included.
 */

/** One partition as far as progress goes: its planned rows, stages finished, and rows read in its first stage. */
export interface PartitionReach {
  rows: number
  stage: number
  done: boolean
  /** Rows read so far while in its first stage (0 when it is not running one). */
  rowsRead?: number
}

/** Rows through a stage over every partition. */
export function stageRowsDone(partitions: readonly PartitionReach[], stages: number): number {
  let rows = 0
  for (const p of partitions) {
    if (p.done) rows += p.rows * Math.max(1, stages)
    else if (p.stage > 0) rows += p.rows * p.stage
    else rows += Math.min(p.rowsRead ?? 0, p.rows)
  }
  return rows
}

/** Rows through the whole chain, from rows through a stage. */
export function chainRows(stageRows: number, stages: number): number {
  return stageRows / Math.max(1, stages)
}

/** How far a job is, 0..1: rows through a stage over what every stage will have moved. */
export function reachedFraction(stageRows: number, rowsTotal: number, stages: number): number {
  const whole = rowsTotal * Math.max(1, stages)
  return whole > 0 ? Math.min(1, Math.max(0, stageRows / whole)) : 0
}

/** Throughput: rows per active second; 0 before any active time has passed. */
export function rowsPerSecond(rows: number, activeMs: number): number {
  return activeMs > 0 ? Math.max(0, rows) / (activeMs / 1000) : 0
}

/** A run's wall time in seconds, from two ISO times; null when either is unknown. */
export function runSeconds(runStartedAt: string | undefined, finishedAt: string | undefined | null): number | null {
  if (runStartedAt === undefined || finishedAt === undefined || finishedAt === null) return null
  const start = Date.parse(runStartedAt)
  const end = Date.parse(finishedAt)
  return Number.isNaN(start) || Number.isNaN(end) ? null : Math.max(0, (end - start) / 1000)
}

/** The progress a job reached, for a label: "stage 1 of 2: 9 of 59 partitions" or "12 of 59 partitions done". */
export interface ReachedProgress {
  fraction: number
  /** Partitions done of all. */
  done: number
  total: number
  failed: number
  /** The stage the job is in (0-based; == stages once every partition is done) and how many partitions finished it. */
  stage: number
  stages: number
  finishedStage: number
}

/** Progress recorded in a manifest (or its summary): what a job that is not running has reached. */
export function reachedProgress(partitions: readonly { status: string; stage: number; rowsIn: number }[], stages: number): ReachedProgress {
  const total = partitions.length
  const done = partitions.filter((p) => p.status === 'done').length
  const failed = partitions.filter((p) => p.status === 'failed').length
  const live = partitions.filter((p) => p.status !== 'failed')
  const stage = live.length === 0 ? 0 : Math.min(stages, ...live.map((p) => (p.status === 'done' ? stages : p.stage)))
  const finishedStage = partitions.filter((p) => p.status === 'done' || p.stage > stage).length
  const rowsTotal = partitions.reduce((n, p) => n + p.rowsIn, 0)
  const reach = stageRowsDone(
    partitions.map((p) => ({ rows: p.rowsIn, stage: p.stage, done: p.status === 'done' })),
    stages
  )
  return { fraction: reachedFraction(reach, rowsTotal, stages), done, total, failed, stage, stages: Math.max(1, stages), finishedStage }
}

/**
 * "stage 1 of 2: 9 of 59 partitions finished it · 0 done" when a stage is under way, else "12 of 59
 * partitions done"; `compact` says the same in fewer words, for a table cell: "stage 1 of 2: 9/59 · 0/59 done".
 */
export function reachedLabel(r: ReachedProgress, format: (n: number) => string = String, compact = false): string {
  const failed = r.failed > 0 ? ` · ${format(r.failed)} failed` : ''
  const of = (n: number): string => (compact ? `${format(n)}/${format(r.total)}` : `${format(n)} of ${format(r.total)}`)
  if (r.stages > 1 && r.stage < r.stages - 1 && r.finishedStage > 0) {
    return `stage ${r.stage + 1} of ${r.stages}: ${of(r.finishedStage)}${compact ? '' : ' partitions finished it'} · ${compact ? of(r.done) : format(r.done)} done${failed}`
  }
  return `${of(r.done)}${compact ? '' : ' partitions'} done${failed}`
}
