import type { JobProgress } from '../../shared/jobs'
import { chainRows, rowsPerSecond, stageRowsDone } from '../../shared/job-figures'
import type { Recipe } from '../../shared/recipe'
import { publishText } from '../io/publish'
import { EventLog, type EventType, type JobEvent } from '../log/events'
import { performanceMetrics, processingSummary } from '../log/summary'
import type { JobState } from './job-state'
import { writeJobTraces } from './trace'
import type { JobStatus } from './manifest'

export interface ReporterOptions {
  onEvent?: (event: JobEvent) => void
  onProgress?: (progress: JobProgress) => void
  /** Whether the job is paused, for the progress it reports. */
  isPaused: () => boolean
  /** Milliseconds the run has stood paused with nothing running, which its active time leaves out. */
  idleMillis: () => number
}

/**
 * What a job tells: its events (to the event log and the caller), its progress, the memory and
 * CPU it uses, and the reports it leaves in the work directory when it ends.
 */
export class Reporter {
  private readonly log: EventLog
  /** Rows read so far by each partition running its first stage. */
  private readonly running = new Map<number, number>()
  private lastProgress = 0
  private doneAtStart: { stageRows: number; bytes: number } | undefined
  /** When this run began, as the manifest records it: the run time the Jobs list and the report show is measured from it. */
  private readonly startedAt: number
  private readonly cpuAtStart = process.cpuUsage()
  private peakRss = 0
  private rssTimer: NodeJS.Timeout | undefined

  constructor(
    private readonly recipe: Recipe,
    private readonly state: JobState,
    private readonly options: ReporterOptions
  ) {
    this.startedAt = Date.parse(state.manifest.run_started_at ?? '') || Date.now()
    this.log = new EventLog(state.dir.events, {
      enabled: recipe.event_logging.enabled,
      level: recipe.event_logging.log_level,
      maxBytes: recipe.event_logging.max_log_size_mb * (1 << 20),
      backupCount: recipe.event_logging.backup_count
    })
  }

  /** When this run began, in ms since the epoch. */
  get runStart(): number {
    return this.startedAt
  }

  /** Milliseconds since this run began. */
  get elapsed(): number {
    return Date.now() - this.startedAt
  }

  /** Milliseconds of this run that were active: its wall time less the time it stood paused with nothing running. */
  get active(): number {
    return Math.max(0, this.elapsed - this.options.idleMillis())
  }

  /** Rows through a stage so far (see job-figures), with the rows read by partitions in their first stage. */
  private stageRows(): number {
    const { plan, manifest } = this.state
    return stageRowsDone(
      manifest.partitions.map((p, i) => ({
        rows: plan.partitions[i]?.rows ?? 0,
        stage: p.stage,
        done: p.status === 'done',
        rowsRead: p.stage === 0 ? (this.running.get(i) ?? 0) : 0
      })),
      plan.stages.length
    )
  }

  /** Throughput of this run: rows through the chain it moved per active second (what a resume found done does not count). */
  get rowsPerSecond(): number {
    const moved = this.stageRows() - (this.doneAtStart?.stageRows ?? this.stageRows())
    return rowsPerSecond(chainRows(moved, this.state.plan.stages.length), this.active)
  }

  /** Takes what was already done when this run began, before any of its work: a resume's rates leave it out. */
  begin(): void {
    this.doneAtStart ??= { stageRows: this.stageRows(), bytes: this.bytesDone() }
  }

  private bytesDone(): number {
    const { plan, manifest } = this.state
    let bytes = 0
    manifest.partitions.forEach((p, i) => {
      const planned = plan.partitions[i]
      if (planned === undefined || planned.rows === 0) return
      // Past its first stage a partition has read all its input; a running one counts in proportion to the rows it has read.
      const rows = p.status === 'done' || p.stage > 0 ? planned.rows : Math.min(this.running.get(i) ?? 0, planned.rows)
      bytes += (planned.bytes * rows) / planned.rows
    })
    return bytes
  }

  event(type: EventType, message: string, fields: Partial<JobEvent> = {}, level: JobEvent['level'] = 'INFO'): void {
    const event: JobEvent = { event_type: type, timestamp: Date.now() / 1000, level, message, job_id: this.state.manifest.job_id, ...fields }
    this.log.write(event)
    this.options.onEvent?.(event)
  }

  /** A partition in its first stage has read `rows` of its input. */
  rowsRead(id: number, rows: number): void {
    this.running.set(id, rows)
  }

  /** A partition's attempt ended, however it ended. */
  stopped(id: number): void {
    this.running.delete(id)
  }

  /** Tells the progress, at most every 250 ms unless `force`. */
  progress(force = false): void {
    const now = Date.now()
    if (!force && now - this.lastProgress < 250) return
    this.lastProgress = now
    const { plan, manifest } = this.state
    const parts = manifest.partitions
    const stageOf = Math.min(...parts.map((p) => (p.status === 'failed' ? Infinity : p.stage)))
    let rowsDone = 0
    parts.forEach((p, i) => {
      const planned = plan.partitions[i]?.rows ?? 0
      // Past its first stage a partition has read all its input (later stages read its checkpoint).
      rowsDone += p.status === 'done' || p.stage > 0 ? planned : Math.min(this.running.get(i) ?? 0, planned)
    })
    this.begin()
    const stageRows = this.stageRows()
    const bytesDone = this.bytesDone()
    const active = this.active
    const stages = plan.stages.length
    const stage = Number.isFinite(stageOf) ? Math.min(stageOf, stages - 1) : 0
    this.options.onProgress?.({
      job_id: manifest.job_id,
      status: manifest.status,
      stage,
      stages,
      partitions: {
        total: parts.length,
        done: parts.filter((p) => p.status === 'done').length,
        failed: parts.filter((p) => p.status === 'failed').length,
        running: this.running.size,
        finished_stage: parts.filter((p) => p.status === 'done' || p.stage > stage).length
      },
      rows_total: plan.total_rows,
      rows_done: rowsDone,
      stage_rows_done: stageRows,
      elapsed_ms: now - this.startedAt,
      active_ms: active,
      rows_per_s: rowsPerSecond(chainRows(stageRows - this.doneAtStart!.stageRows, stages), active),
      bytes_per_s: rowsPerSecond(bytesDone - this.doneAtStart!.bytes, active),
      bytes_total: plan.partitions.reduce((n, p) => n + p.bytes, 0),
      bytes_done: Math.round(bytesDone),
      paused: this.options.isPaused()
    })
  }

  /** Samples the peak RSS every 500 ms, and every 10 s tells the memory and CPU used. */
  startSampling(): void {
    let ticks = 0
    this.rssTimer = setInterval(() => {
      this.sampleRss()
      if (++ticks % 20 === 0) {
        const memory = process.memoryUsage()
        const cpu = process.cpuUsage(this.cpuAtStart)
        this.event('resource_usage', `memory ${Math.round(memory.rss / (1 << 20))} MB, CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s`, {
          metadata: {
            rss_mb: Math.round(memory.rss / (1 << 20)),
            peak_rss_mb: Math.round(this.peakRss / (1 << 20)),
            cpu_user_s: cpu.user / 1e6,
            cpu_system_s: cpu.system / 1e6,
            running_partitions: this.running.size
          }
        })
      }
    }, 500)
    this.rssTimer.unref()
  }

  stopSampling(): void {
    clearInterval(this.rssTimer)
    this.sampleRss()
  }

  private sampleRss(): void {
    this.peakRss = Math.max(this.peakRss, process.memoryUsage().rss)
  }

  /** Writes the reports; a full disk may stop them, and the manifest still holds the truth. */
  async publishReports(status: JobStatus, wall: number): Promise<void> {
    try {
      await this.writeReports(status, wall, this.active, this.rowsPerSecond)
    } catch (err) {
      this.event('processing_error', `could not write the job's reports: ${err instanceof Error ? err.message : String(err)}`, {}, 'ERROR')
    }
  }

  private async writeReports(status: JobStatus, wall: number, active: number, rowsPerS: number): Promise<void> {
    const { plan, manifest: m, dir } = this.state
    if (this.recipe.open_tracer) await writeJobTraces(m, dir, this.recipe.trace_num)
    const summary = processingSummary(this.recipe, plan, m, wall)
    await publishText(dir.temp, dir.summary, `${JSON.stringify(summary, null, 1)}\n`)
    await publishText(
      dir.temp,
      dir.metrics,
      `${JSON.stringify(performanceMetrics(this.recipe, m, { wall, active, rowsPerS }, this.peakRss, process.cpuUsage(this.cpuAtStart)), null, 1)}\n`
    )
    await publishText(
      dir.temp,
      dir.finalReport,
      `${JSON.stringify(
        {
          job_id: m.job_id,
          status,
          partitions: m.partitions.map((p, id) => ({
            partition_id: id,
            source: { file: plan.inputs[plan.partitions[id]!.input]!.path, slice: plan.partitions[id]!.slice },
            status: p.status,
            rows_in: plan.partitions[id]!.rows,
            rows_out: p.result?.rows ?? null,
            result: p.result?.path ?? null,
            bad_records: p.errors_file?.path ?? null
          })),
          export: m.export?.files ?? []
        },
        null,
        1
      )}\n`
    )
  }

  /** Resolves once every event told so far is in the log. */
  flush(): Promise<void> {
    return this.log.flush()
  }
}
