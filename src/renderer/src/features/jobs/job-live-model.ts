import type { JobEvent, JobProgress, JobStatus, OperatorTotals, PartitionDetail, StageRowsPoint } from '../../../../shared/jobs'
import type { LogLevel } from '../../../../shared/recipe'
import { chainRows, reachedFraction } from '../../../../shared/job-figures'

/** What the partition grid draws; `retrying` = a retry was announced and the partition has not completed since. */
/** `waiting`: a stage is done (a deduplicator's keys saved) and the partition waits for the global decision. */
export type PartitionState = 'pending' | 'running' | 'waiting' | 'done' | 'retrying' | 'failed'

export const PARTITION_STATES: PartitionState[] = ['pending', 'running', 'waiting', 'retrying', 'done', 'failed']

/**
 * Each state's glyph and what it means: the grid tells states apart by shape as well as color (a
 * waiting partition and a done one are both green), for color-blind eyes and in grayscale.
 */
export const PARTITION_STATE_LOOK: Record<PartitionState, { glyph: string; meaning: string }> = {
  pending: { glyph: '', meaning: 'not started' },
  running: { glyph: '▸', meaning: 'running' },
  waiting: { glyph: '◐', meaning: 'first stage done, waiting for the global step (a deduplicator) to decide' },
  retrying: { glyph: '↻', meaning: 'failed an attempt, to be retried' },
  done: { glyph: '✓', meaning: 'done: its result is published' },
  failed: { glyph: '✕', meaning: 'failed after its retries' }
}

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
export type RowProgress = Pick<JobProgress, 'active_ms' | 'stage_rows_done' | 'rows_per_s' | 'rows_total' | 'stages' | 'paused'>

/**
 * Rows through the whole chain so far (job-figures): each row counts once when it has been through
 * every stage, in proportion before. What the chart, the rate and the ETA count, as the report's
 * throughput does, so the stages after a deduplicator move them too.
 */
export function progressRows(progress: Pick<JobProgress, 'stage_rows_done' | 'stages'>): number {
  return chainRows(progress.stage_rows_done, progress.stages)
}

/**
 * Adds a progress report to the throughput series, on the run's active time (a pause stops that
 * clock, so it leaves no gap of zeros and no spike): at most one point per half second, the rate
 * over the last two seconds.
 */
export function addSample(samples: readonly ThroughputSample[], progress: RowProgress): ThroughputSample[] {
  const last = samples[samples.length - 1]
  if (last !== undefined && progress.active_ms < last.elapsedMs) samples = []
  else if (last !== undefined && progress.active_ms - last.elapsedMs < SAMPLE_SPACING_MS) return samples as ThroughputSample[]
  const rowsDone = progressRows(progress)
  const base = rateBase(samples, progress.active_ms - RATE_WINDOW_MS)
  const rowsPerS =
    base === undefined ? progress.rows_per_s : Math.max(0, ((rowsDone - base.rowsDone) * 1000) / Math.max(1, progress.active_ms - base.elapsedMs))
  const next = samples.concat({ elapsedMs: progress.active_ms, rowsDone, rowsPerS })
  return next.length > MAX_SAMPLES ? next.filter((_, i) => i % 2 === 1 || i === next.length - 1) : next
}

/**
 * A finished run's history (rows through a stage by wall time, from its event log) as chart samples
 * of rows through the chain. Its points come a partition at a time, so each rate is taken over a
 * window of a twentieth of the run (at least the live chart's two seconds) rather than between
 * neighbours, which would draw spikes and gaps.
 */
export function historySamples(points: readonly StageRowsPoint[], stages = 1): ThroughputSample[] {
  if (points.length < 2) return []
  const span = points[points.length - 1]!.elapsedMs - points[0]!.elapsedMs
  const window = Math.max(RATE_WINDOW_MS, span / 20)
  const samples: ThroughputSample[] = []
  for (const p of points) {
    // Partitions that ended in the same millisecond are one step.
    if (samples.length > 0 && samples[samples.length - 1]!.elapsedMs === p.elapsedMs) samples.pop()
    const rowsDone = chainRows(p.rowsDone, stages)
    const base = rateBase(samples, p.elapsedMs - window)
    const rowsPerS = base === undefined ? 0 : ((rowsDone - base.rowsDone) * 1000) / Math.max(1, p.elapsedMs - base.elapsedMs)
    samples.push({ elapsedMs: p.elapsedMs, rowsDone, rowsPerS })
  }
  return samples
}

/** The newest sample at or before `t`, or the oldest one when all are later. */
function rateBase(samples: readonly ThroughputSample[], t: number): ThroughputSample | undefined {
  for (let i = samples.length - 1; i >= 0; i--) if (samples[i]!.elapsedMs <= t) return samples[i]
  return samples[0]
}

/**
 * The rate now: rows through the chain per active second over the last 15 active seconds, which a
 * resume's already-done rows do not inflate and a pause does not drag down.
 */
export function recentRate(samples: readonly ThroughputSample[], progress: RowProgress): number {
  const base = rateBase(samples, progress.active_ms - ETA_WINDOW_MS)
  if (base === undefined || progress.active_ms - base.elapsedMs < 1000) return progress.rows_per_s
  return Math.max(0, ((progressRows(progress) - base.rowsDone) * 1000) / (progress.active_ms - base.elapsedMs))
}

/** Seconds left at the recent rate; null when it cannot be told (paused, nothing moving yet, or nothing left). */
export function etaSeconds(samples: readonly ThroughputSample[], progress: RowProgress): number | null {
  if (progress.paused) return null
  const left = progress.rows_total - progressRows(progress)
  if (left <= 0) return null
  const rate = recentRate(samples, progress)
  return rate > 0 ? left / rate : null
}

/** How far the whole job is, 0..1 (job-figures' reached fraction); by partitions when no rows were planned. */
export function overallFraction(progress: Pick<JobProgress, 'stage_rows_done' | 'stages' | 'rows_total' | 'partitions'>): number {
  if (progress.rows_total > 0) return reachedFraction(progress.stage_rows_done, progress.rows_total, progress.stages)
  return progress.partitions.total > 0 ? progress.partitions.done / progress.partitions.total : 0
}

/** What a job is shown as: a running job that is paused shows paused. */
export type ShownStatus = JobStatus | 'paused'

export function shownStatus(status: JobStatus, paused: boolean): ShownStatus {
  return status === 'running' && paused ? 'paused' : status
}

export function isEnded(status: JobStatus): boolean {
  return status === 'completed' || status === 'completed_with_failures' || status === 'failed'
}

export function canResume(status: JobStatus): boolean {
  return status === 'interrupted' || status === 'cancelled' || status === 'completed_with_failures' || status === 'failed'
}

/** A job that stopped short of its end without failing: it shows the progress it reached. */
export function stoppedShort(status: JobStatus): boolean {
  return status === 'interrupted' || status === 'cancelled'
}
