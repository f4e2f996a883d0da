import type { JobEvent, JobProgress, JobStatus, OperatorTotals, PartitionDetail, StageRowsPoint } from '../../../../shared/jobs'
import type { LogLevel } from '../../../../shared/recipe'

/** What the partition grid draws; `retrying` = a retry was announced and the partition has not completed since. */
/** `waiting`: a stage is done (a deduplicator's keys saved) and the partition waits for the global decision. */
export type PartitionState = 'pending' | 'running' | 'waiting' | 'done' | 'retrying' | 'failed'

export const PARTITION_STATES: PartitionState[] = ['pending', 'running', 'waiting', 'retrying', 'done', 'failed']

/** One point of the throughput chart: rows done at an elapsed time, and the rate around it. */
export interface ThroughputSample {
  elapsedMs: number
  rowsDone: number
  rowsPerS: number
}

/** Rows in and out of one operator on one partition, from its op_complete event. */
export interface OpCount {
  index: number
  name: string
  rowsIn: number
  rowsOut: number
}

/** What the event stream of the current run tells about partitions and operators. */
export interface EventDerived {
  partitions: Record<number, PartitionState>
  /** By `partition:operation_idx`, so a retried partition replaces its counts rather than adding to them. */
  ops: Record<string, OpCount>
}

export const EMPTY_DERIVED: EventDerived = { partitions: {}, ops: {} }

/** Newest events kept per job: enough for the log, bounded however long the job runs. */
export const MAX_EVENTS = 5000
/** Samples kept for the chart; past this the series is halved, so it always covers the whole run. */
export const MAX_SAMPLES = 600
const SAMPLE_SPACING_MS = 500
const RATE_WINDOW_MS = 2000
const ETA_WINDOW_MS = 15_000

export const LEVELS: LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR']

function levelRank(level: LogLevel): number {
  return Math.max(0, LEVELS.indexOf(level))
}

/** Folds events into partition states and operator counts; a new run (job_start, job_restart) starts over. */
export function applyEvents(derived: EventDerived, events: readonly JobEvent[]): EventDerived {
  let partitions = derived.partitions
  let ops = derived.ops
  let partitionsCopied = false
  let opsCopied = false
  const setPartition = (id: number, state: PartitionState): void => {
    if (!partitionsCopied) {
      partitions = { ...partitions }
      partitionsCopied = true
    }
    partitions[id] = state
  }
  for (const e of events) {
    switch (e.event_type) {
      case 'job_start':
      case 'job_restart':
        partitions = {}
        ops = {}
        partitionsCopied = true
        opsCopied = true
        break
      case 'partition_start':
      case 'partition_resume':
        if (e.partition_id !== undefined) setPartition(e.partition_id, partitions[e.partition_id] === 'retrying' ? 'retrying' : 'running')
        break
      case 'partition_complete':
        if (e.partition_id !== undefined) setPartition(e.partition_id, 'done')
        break
      case 'partition_failed':
        if (e.partition_id !== undefined) setPartition(e.partition_id, 'failed')
        break
      case 'partition_retry':
        if (e.partition_id !== undefined) setPartition(e.partition_id, 'retrying')
        break
      case 'checkpoint_save':
        if (reachedStageEnd(e, partitions)) setPartition(e.partition_id!, 'waiting')
        break
      case 'op_complete':
        if (e.operation_idx !== undefined && e.input_rows !== undefined && e.output_rows !== undefined) {
          if (!opsCopied) {
            ops = { ...ops }
            opsCopied = true
          }
          ops[`${e.partition_id ?? ''}:${e.operation_idx}`] = {
            index: e.operation_idx,
            name: e.operation_name ?? `op ${e.operation_idx}`,
            rowsIn: e.input_rows,
            rowsOut: e.output_rows
          }
        }
        break
      default:
        break
    }
  }
  return partitions === derived.partitions && ops === derived.ops ? derived : { partitions, ops }
}

/**
 * A deduplicator or selector ends a stage: the engine saves the partition's keys with
 * `metadata.stage_done`, and the partition waits for the global step that decides what to drop.
 */
function reachedStageEnd(e: JobEvent, partitions: Record<number, PartitionState>): boolean {
  const stageDone = e.metadata?.stage_done
  const stages = e.metadata?.stages
  if (e.partition_id === undefined || typeof stageDone !== 'number' || typeof stages !== 'number' || stageDone >= stages) return false
  const state = partitions[e.partition_id]
  return state === 'running' || state === 'retrying'
}

/** Rows in and out per operator, summed over partitions, in recipe order. */
export function sumOps(ops: Record<string, OpCount>): OpCount[] {
  const byIndex = new Map<number, OpCount>()
  for (const c of Object.values(ops)) {
    const sum = byIndex.get(c.index)
    if (sum === undefined) byIndex.set(c.index, { ...c })
    else {
      sum.rowsIn += c.rowsIn
      sum.rowsOut += c.rowsOut
    }
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index)
}

/**
 * The funnel while a job runs: the live sums of this run, or what the manifest already records when
 * that is more (partitions finished before a resume send no op_complete again).
 */
export function liveFunnel(live: OpCount[], recorded: OperatorTotals[]): OpCount[] {
  const byIndex = new Map<number, OpCount>(recorded.map((o) => [o.index, { index: o.index, name: o.name, rowsIn: o.rowsIn, rowsOut: o.rowsOut }]))
  for (const c of live) {
    const r = byIndex.get(c.index)
    if (r === undefined || c.rowsIn > r.rowsIn) byIndex.set(c.index, { ...c, name: r?.name ?? c.name })
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index)
}

/** A partition's state: the manifest's when it is final, otherwise what the events of this run say. */
export function partitionState(detail: PartitionDetail | undefined, live: PartitionState | undefined, jobRunning: boolean): PartitionState {
  const recorded: PartitionState = detail?.status === 'pending' && detail.stage > 0 ? 'waiting' : (detail?.status ?? 'pending')
  if (!jobRunning) return recorded === 'running' ? 'pending' : recorded
  if (recorded === 'done') return 'done'
  return live ?? recorded
}

/** The key that identifies an event whichever way it arrived (pushed, or read from the log). */
function eventKey(e: JobEvent): string {
  return `${e.timestamp}|${e.event_type}|${e.partition_id ?? ''}|${e.operation_idx ?? ''}|${e.message}`
}

/** Appends the events not already among the newest ones, keeping at most `max`; `fresh` is what was added. */
export function appendEvents(events: JobEvent[], incoming: readonly JobEvent[], max = MAX_EVENTS): { events: JobEvent[]; fresh: JobEvent[] } {
  const recent = new Set(events.slice(-Math.max(incoming.length * 4, 500)).map(eventKey))
  const fresh = incoming.filter((e) => {
    const key = eventKey(e)
    if (recent.has(key)) return false
    recent.add(key)
    return true
  })
  if (fresh.length === 0) return { events, fresh }
  const all = events.concat(fresh)
  return { events: all.length > max ? all.slice(all.length - max) : all, fresh }
}

/** One failed attempt of a partition, from its partition_failed event. */
export interface FailedAttempt {
  attempt: number
  timestamp: number
  message: string
}

/** Every failed attempt of one partition that the events kept tell of, oldest first. */
export function failedAttempts(events: readonly JobEvent[], partition: number): FailedAttempt[] {
  return events
    .filter((e) => e.event_type === 'partition_failed' && e.partition_id === partition)
    .map((e) => ({ attempt: (e.retry_count ?? 0) + 1, timestamp: e.timestamp, message: e.error_message ?? e.message }))
}

/** The log as read from disk, followed by whatever arrived meanwhile and is not in it. */
export function mergeHistory(history: readonly JobEvent[], pushed: readonly JobEvent[]): JobEvent[] {
  const known = new Set(history.map(eventKey))
  return history.concat(pushed.filter((e) => !known.has(eventKey(e))))
}

export interface EventFilter {
  minLevel: LogLevel
  /** An event type, or 'all'. */
  type: string
}

export function filterEvents(events: readonly JobEvent[], filter: EventFilter): JobEvent[] {
  const min = levelRank(filter.minLevel)
  return events.filter((e) => levelRank(e.level) >= min && (filter.type === 'all' || e.event_type === filter.type))
}

/** What a progress report says about how far the rows are, for rates and the ETA. */
export type RowProgress = Pick<JobProgress, 'elapsed_ms' | 'rows_done' | 'rows_per_s' | 'rows_total' | 'stage' | 'stages' | 'partitions'>

/**
 * Rows through a stage: each row counts once for every stage it has been through, so the stages
 * after a deduplicator (when every row has been read) still move the chart, the rate and the ETA.
 * In a one-stage job it is the rows read.
 */
export function stageRows(progress: RowProgress): number {
  return progress.stages <= 1 ? progress.rows_done : overallFraction(progress) * progress.rows_total * progress.stages
}

/** Adds a progress report to the throughput series: at most one point per half second, the rate over the last two seconds. */
export function addSample(samples: readonly ThroughputSample[], progress: RowProgress): ThroughputSample[] {
  const last = samples[samples.length - 1]
  if (last !== undefined && progress.elapsed_ms < last.elapsedMs) samples = []
  else if (last !== undefined && progress.elapsed_ms - last.elapsedMs < SAMPLE_SPACING_MS) return samples as ThroughputSample[]
  const rowsDone = stageRows(progress)
  const base = rateBase(samples, progress.elapsed_ms - RATE_WINDOW_MS)
  const rowsPerS =
    base === undefined ? progress.rows_per_s : Math.max(0, ((rowsDone - base.rowsDone) * 1000) / Math.max(1, progress.elapsed_ms - base.elapsedMs))
  const next = samples.concat({ elapsedMs: progress.elapsed_ms, rowsDone, rowsPerS })
  return next.length > MAX_SAMPLES ? next.filter((_, i) => i % 2 === 1 || i === next.length - 1) : next
}

/**
 * A finished run's history (rows through a stage, as `stageRows`) as chart samples. Its points come a partition at a time, so
 * each rate is taken over a window of a twentieth of the run (at least the live chart's two
 * seconds) rather than between neighbours, which would draw spikes and gaps.
 */
export function historySamples(points: readonly StageRowsPoint[]): ThroughputSample[] {
  if (points.length < 2) return []
  const span = points[points.length - 1]!.elapsedMs - points[0]!.elapsedMs
  const window = Math.max(RATE_WINDOW_MS, span / 20)
  const samples: ThroughputSample[] = []
  for (const p of points) {
    // Partitions that ended in the same millisecond are one step.
    if (samples.length > 0 && samples[samples.length - 1]!.elapsedMs === p.elapsedMs) samples.pop()
    const base = rateBase(samples, p.elapsedMs - window)
    const rowsPerS = base === undefined ? 0 : ((p.rowsDone - base.rowsDone) * 1000) / Math.max(1, p.elapsedMs - base.elapsedMs)
    samples.push({ elapsedMs: p.elapsedMs, rowsDone: p.rowsDone, rowsPerS })
  }
  return samples
}

/** The newest sample at or before `t`, or the oldest one when all are later. */
function rateBase(samples: readonly ThroughputSample[], t: number): ThroughputSample | undefined {
  for (let i = samples.length - 1; i >= 0; i--) if (samples[i]!.elapsedMs <= t) return samples[i]
  return samples[0]
}

/** Rows per second through the current stage over the last seconds of the run, which a resume's already-done rows do not inflate. */
export function recentRate(samples: readonly ThroughputSample[], progress: RowProgress): number {
  const base = rateBase(samples, progress.elapsed_ms - ETA_WINDOW_MS)
  if (base === undefined || progress.elapsed_ms - base.elapsedMs < 1000) return progress.rows_per_s
  return Math.max(0, ((stageRows(progress) - base.rowsDone) * 1000) / (progress.elapsed_ms - base.elapsedMs))
}

/** Seconds left at the recent rate, over what every stage has left; null when it cannot be told (nothing moving yet, or nothing left). */
export function etaSeconds(samples: readonly ThroughputSample[], progress: RowProgress): number | null {
  const left = progress.rows_total * Math.max(1, progress.stages) - stageRows(progress)
  if (left <= 0) return null
  const rate = recentRate(samples, progress)
  return rate > 0 ? left / rate : null
}

/**
 * How far the whole job is, 0..1. Rows done measure the first stage; later stages (after a
 * deduplicator) count only finished partitions, so each stage takes its share.
 */
export function overallFraction(progress: Pick<JobProgress, 'stage' | 'stages' | 'rows_done' | 'rows_total' | 'partitions'>): number {
  const rows = progress.rows_total > 0 ? progress.rows_done / progress.rows_total : 0
  const parts = progress.partitions.total > 0 ? progress.partitions.done / progress.partitions.total : 0
  if (progress.stages <= 1) return clamp01(Math.max(rows, parts))
  const inStage = progress.stage === 0 ? rows : parts
  return clamp01(Math.max(parts, (progress.stage + inStage) / progress.stages))
}

function clamp01(n: number): number {
  return Math.min(1, Math.max(0, n))
}

export function isEnded(status: JobStatus): boolean {
  return status === 'completed' || status === 'completed_with_failures' || status === 'failed'
}

export function canResume(status: JobStatus): boolean {
  return status === 'interrupted' || status === 'completed_with_failures' || status === 'failed'
}
