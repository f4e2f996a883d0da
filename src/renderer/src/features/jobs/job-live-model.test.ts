import { describe, expect, it } from 'vitest'
import type { JobEvent, OperatorTotals, PartitionDetail } from '../../../../shared/jobs'
import {
  addSample,
  canResume,
  progressRows,
  shownStatus,
  stoppedShort,
  type ThroughputSample,
  failedAttempts,
  historySamples,
  appendEvents,
  applyEvents,
  EMPTY_DERIVED,
  etaSeconds,
  filterEvents,
  liveFunnel,
  MAX_SAMPLES,
  mergeHistory,
  overallFraction,
  recentRate,
  partitionState,
  sumOps
} from './job-live-model'

let clock = 1000
function ev(event_type: JobEvent['event_type'], fields: Partial<JobEvent> = {}): JobEvent {
  clock += 0.001
  return { event_type, timestamp: clock, level: 'INFO', message: `${event_type} ${fields.partition_id ?? ''}`, ...fields }
}

function detail(id: number, status: PartitionDetail['status']): PartitionDetail {
  return { id, status, stage: 0, attempts: 1, rowsIn: 10, rowsRead: 10, bytes: 100, badRecords: 0, millis: 5, checkpoints: [] }
}

describe('partition states from events', () => {
  it('follows start, retry and completion; a retrying partition stays retrying until it completes', () => {
    const d = applyEvents(EMPTY_DERIVED, [
      ev('partition_start', { partition_id: 0 }),
      ev('partition_start', { partition_id: 1 }),
      ev('partition_complete', { partition_id: 0 }),
      ev('partition_failed', { partition_id: 1 }),
      ev('partition_retry', { partition_id: 1 }),
      ev('partition_start', { partition_id: 1, retry_count: 1 }),
      ev('partition_start', { partition_id: 2 }),
      ev('partition_failed', { partition_id: 2 })
    ])
    expect(d.partitions).toEqual({ 0: 'done', 1: 'retrying', 2: 'failed' })
    expect(applyEvents(d, [ev('partition_complete', { partition_id: 1 })]).partitions[1]).toBe('done')
  })

  it('puts a partition back to pending when it reaches a deduplicator, until its next stage starts', () => {
    const keys = (type: 'op_complete' | 'checkpoint_save'): JobEvent =>
      ev(type, {
        partition_id: 0,
        operation_name: 'document_deduplicator',
        operation_idx: 2,
        input_rows: 5,
        output_rows: 5,
        metadata: { stage_done: 1, stages: 2 }
      })
    let d = applyEvents(EMPTY_DERIVED, [ev('partition_start', { partition_id: 0 }), keys('op_complete')])
    expect(d.partitions[0]).toBe('running')
    d = applyEvents(d, [keys('checkpoint_save')])
    expect(d.partitions[0]).toBe('waiting')
    d = applyEvents(d, [ev('partition_start', { partition_id: 0 }), ev('partition_complete', { partition_id: 0 }), keys('checkpoint_save')])
    expect(d.partitions[0]).toBe('done')
  })

  it('starts over when a new run starts', () => {
    const d = applyEvents(EMPTY_DERIVED, [ev('partition_start', { partition_id: 0 }), ev('job_restart'), ev('partition_resume', { partition_id: 3 })])
    expect(d.partitions).toEqual({ 3: 'running' })
  })

  it('returns the same object when nothing it tracks changed', () => {
    const d = applyEvents(EMPTY_DERIVED, [ev('partition_start', { partition_id: 0 })])
    expect(applyEvents(d, [ev('checkpoint_save', { partition_id: 0 }), ev('export_start')])).toBe(d)
  })

  it('trusts the manifest for finished partitions and for a job that is not running', () => {
    expect(partitionState(detail(0, 'done'), 'running', true)).toBe('done')
    expect(partitionState(detail(0, 'pending'), 'retrying', true)).toBe('retrying')
    expect(partitionState(undefined, undefined, true)).toBe('pending')
    expect(partitionState(detail(0, 'running'), 'running', false)).toBe('pending')
    expect(partitionState(detail(0, 'failed'), 'running', false)).toBe('failed')
  })
})

describe('operator funnel', () => {
  const op = (partition: number, idx: number, rowsIn: number, rowsOut: number): JobEvent =>
    ev('op_complete', {
      level: 'DEBUG',
      partition_id: partition,
      operation_idx: idx,
      operation_name: `op${idx}`,
      input_rows: rowsIn,
      output_rows: rowsOut
    })

  it('sums per operator; a retried partition replaces its counts', () => {
    const d = applyEvents(EMPTY_DERIVED, [op(0, 0, 100, 90), op(1, 0, 50, 40), op(0, 1, 90, 80), op(1, 0, 50, 45)])
    expect(sumOps(d.ops)).toEqual([
      { index: 0, name: 'op0', rowsIn: 150, rowsOut: 135 },
      { index: 1, name: 'op1', rowsIn: 90, rowsOut: 80 }
    ])
  })

  it('keeps the recorded totals when they are more than this run saw', () => {
    const recorded: OperatorTotals[] = [
      { index: 0, name: 'clean', rowsIn: 500, rowsOut: 480, dropped: 20, millis: 1, textBytes: 1 },
      { index: 1, name: 'filter', rowsIn: 10, rowsOut: 5, dropped: 5, millis: 1, textBytes: 1 }
    ]
    expect(
      liveFunnel(
        [
          { index: 0, name: 'op0', rowsIn: 100, rowsOut: 90 },
          { index: 1, name: 'op1', rowsIn: 90, rowsOut: 80 }
        ],
        recorded
      )
    ).toEqual([
      { index: 0, name: 'clean', rowsIn: 500, rowsOut: 480 },
      { index: 1, name: 'filter', rowsIn: 90, rowsOut: 80 }
    ])
  })
})

describe('event log', () => {
  it('appends only events not seen, capped to the newest', () => {
    const a = ev('job_start')
    const b = ev('partition_start', { partition_id: 0 })
    const c = ev('partition_complete', { partition_id: 0 })
    const first = appendEvents([], [a, b])
    expect(first.fresh).toEqual([a, b])
    const second = appendEvents(first.events, [{ ...b }, c], 2)
    expect(second.fresh).toEqual([c])
    expect(second.events).toEqual([b, c])
    const none = appendEvents(second.events, [{ ...c }])
    expect(none.events).toBe(second.events)
  })

  it('merges pushed events after the history read from disk, without doubles', () => {
    const a = ev('job_start')
    const b = ev('partition_start', { partition_id: 0 })
    const c = ev('partition_complete', { partition_id: 0 })
    expect(mergeHistory([a, b], [{ ...b }, c])).toEqual([a, b, c])
  })

  it('filters by level (that level and above) and by type', () => {
    const events = [
      ev('op_complete', { level: 'DEBUG' }),
      ev('partition_start'),
      ev('partition_retry', { level: 'WARNING' }),
      ev('partition_failed', { level: 'ERROR' })
    ]
    expect(filterEvents(events, { minLevel: 'INFO', type: 'all' }).map((e) => e.event_type)).toEqual([
      'partition_start',
      'partition_retry',
      'partition_failed'
    ])
    expect(filterEvents(events, { minLevel: 'WARNING', type: 'all' })).toHaveLength(2)
    expect(filterEvents(events, { minLevel: 'DEBUG', type: 'op_complete' })).toHaveLength(1)
    expect(filterEvents(events, { minLevel: 'INFO', type: 'op_complete' })).toHaveLength(0)
  })
})

describe('failed attempts', () => {
  it("lists one partition's failed attempts in order, with the error each gave", () => {
    const failed = (partition: number, retry: number, error: string): JobEvent => ({
      event_type: 'partition_failed',
      timestamp: 100 + retry,
      level: 'ERROR',
      message: `partition ${partition} failed (attempt ${retry + 1}): ${error}`,
      partition_id: partition,
      retry_count: retry,
      error_message: error
    })
    const events = [failed(2, 0, 'worker crashed'), failed(3, 0, 'other'), failed(2, 1, 'out of memory')]
    expect(failedAttempts(events, 2)).toEqual([
      { attempt: 1, timestamp: 100, message: 'worker crashed' },
      { attempt: 2, timestamp: 101, message: 'out of memory' }
    ])
    expect(failedAttempts(events, 5)).toEqual([])
  })
})

describe('throughput and ETA', () => {
  // One stage of 10,000 rows: rows through the chain are the rows read. Active time == wall time unless a test pauses.
  const report = (active_ms: number, rows_done: number) => ({
    active_ms,
    stage_rows_done: rows_done,
    rows_per_s: rows_done / (active_ms / 1000),
    rows_total: 10_000,
    stages: 1,
    paused: false
  })

  it('samples at most twice a second, with the rate of the last seconds', () => {
    let samples = addSample([], report(500, 0))
    samples = addSample(samples, report(700, 100))
    expect(samples).toHaveLength(1)
    samples = addSample(samples, report(1000, 1000))
    samples = addSample(samples, report(1500, 2000))
    samples = addSample(samples, report(2000, 3000))
    expect(samples).toHaveLength(4)
    expect(samples[3]!.rowsPerS).toBeCloseTo(2000)
  })

  it('halves the series when full, keeping the newest point', () => {
    let samples = addSample([], report(500, 0))
    for (let i = 2; i <= MAX_SAMPLES + 1; i++) samples = addSample(samples, report(i * 500, i * 100))
    expect(samples.length).toBeLessThanOrEqual(MAX_SAMPLES)
    expect(samples[samples.length - 1]!.elapsedMs).toBe((MAX_SAMPLES + 1) * 500)
  })

  it('starts a new series when active time goes back (a new run)', () => {
    const samples = addSample(addSample([], report(5000, 500)), report(500, 10))
    expect(samples).toHaveLength(1)
  })

  it('counts only active time: a pause neither freezes the rate into the series nor drags it down after Continue, and has no ETA', () => {
    // 1,000 rows per active second for 20 s, then paused for a minute of wall time (active time stands still), then 5 s more.
    let samples: ThroughputSample[] = []
    for (let t = 1000; t <= 20_000; t += 1000) samples = addSample(samples, report(t, t))
    const paused = { ...report(20_000, 20_000), paused: true }
    for (let i = 0; i < 120; i++) samples = addSample(samples, paused)
    expect(samples.at(-1)!.elapsedMs).toBe(20_000)
    expect(etaSeconds(samples, paused)).toBeNull()
    for (let t = 21_000; t <= 25_000; t += 1000) samples = addSample(samples, report(t, t))
    expect(recentRate(samples, report(25_000, 25_000))).toBeCloseTo(1000)
    expect(samples.at(-1)!.rowsPerS).toBeCloseTo(1000)
    // Of a 100,000-row job, 75,000 rows are left at 1,000 rows/s.
    expect(etaSeconds(samples, { ...report(25_000, 25_000), rows_total: 100_000 })).toBeCloseTo(75)
  })

  it("draws a finished run's history at its steady rate, steps of simultaneous partitions as one, and a stall as zero", () => {
    expect(historySamples([{ elapsedMs: 0, rowsDone: 0 }])).toEqual([])
    // Two workers finish a 1,000-row partition each every 4 s for 40 s, then the run waits 10 s (its export).
    const points = [{ elapsedMs: 0, rowsDone: 0 }]
    for (let t = 4000; t <= 40_000; t += 4000)
      points.push({ elapsedMs: t, rowsDone: (t / 4000) * 2000 - 1000 }, { elapsedMs: t, rowsDone: (t / 4000) * 2000 })
    points.push({ elapsedMs: 50_000, rowsDone: 20_000 })
    const samples = historySamples(points)
    expect(samples.map((s) => s.elapsedMs)).toEqual([0, 4000, 8000, 12_000, 16_000, 20_000, 24_000, 28_000, 32_000, 36_000, 40_000, 50_000])
    expect(samples[0]!.rowsPerS).toBe(0)
    for (const s of samples.slice(1, -1)) expect(s.rowsPerS).toBeCloseTo(500)
    expect(samples.at(-1)!.rowsPerS).toBe(0)
    // The same history of a two-stage job is rows through a stage: through the chain, half as many rows.
    for (const s of historySamples(points, 2).slice(1, -1)) expect(s.rowsPerS).toBeCloseTo(250)
  })

  it('estimates the time left from the recent rate, not the average since the start', () => {
    // A resumed job: 5,000 rows were already done at start; it now does 100 rows/s.
    let samples = addSample([], { ...report(1000, 5000), rows_per_s: 5000 })
    samples = addSample(samples, { ...report(11_000, 6000), rows_per_s: 545 })
    expect(etaSeconds(samples, { ...report(11_000, 6000), rows_per_s: 545 })).toBeCloseTo(40)
    expect(etaSeconds(samples, { ...report(11_000, 10_000), rows_per_s: 545 })).toBeNull()
    expect(etaSeconds([], { ...report(0, 0), rows_total: 10 })).toBeNull()
  })

  it('keeps the rate and the ETA moving after a deduplicator, counting rows through the whole chain', () => {
    // Two stages of 10 partitions, 1,000 rows each: stage one took all 10,000 rows through a stage in 10 s
    // (5,000 rows/s through the chain); stage two finishes a partition a second (500 rows/s through the chain).
    const stageTwo = (active_ms: number, done: number) => ({ ...report(active_ms, 10_000 + done * 1000), rows_per_s: 0, stages: 2 })
    let samples = addSample([], { ...report(10_000, 10_000), stages: 2 })
    for (let s = 1; s <= 4; s++) samples = addSample(samples, stageTwo(10_000 + s * 1000, s))
    expect(progressRows(stageTwo(14_000, 4))).toBe(7000)
    expect(recentRate(samples, stageTwo(14_000, 4))).toBeCloseTo(500)
    expect(etaSeconds(samples, stageTwo(14_000, 4))).toBeCloseTo(6)
    expect(samples.at(-1)!.rowsPerS).toBeCloseTo(500)
  })

  it('gives each stage its share of the overall progress, as rows through a stage tell it', () => {
    const partitions = { total: 10, done: 0, failed: 0, running: 2, finished_stage: 0 }
    expect(overallFraction({ stages: 1, stage_rows_done: 50, rows_total: 100, partitions })).toBe(0.5)
    expect(overallFraction({ stages: 2, stage_rows_done: 50, rows_total: 100, partitions })).toBe(0.25)
    expect(overallFraction({ stages: 2, stage_rows_done: 150, rows_total: 100, partitions: { ...partitions, done: 5 } })).toBe(0.75)
    expect(overallFraction({ stages: 1, stage_rows_done: 0, rows_total: 0, partitions: { ...partitions, done: 5 } })).toBe(0.5)
  })
})

describe('what a job shows', () => {
  it('a running job that is paused shows paused; any other status shows as it is', () => {
    expect(shownStatus('running', true)).toBe('paused')
    expect(shownStatus('running', false)).toBe('running')
    expect(shownStatus('cancelled', true)).toBe('cancelled')
  })

  it('a cancelled job resumes and shows the progress it reached, as an interrupted one does', () => {
    expect(canResume('cancelled')).toBe(true)
    expect(stoppedShort('cancelled')).toBe(true)
    expect(stoppedShort('interrupted')).toBe(true)
    expect(stoppedShort('completed')).toBe(false)
  })
})
