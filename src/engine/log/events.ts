import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type { LogLevel } from '../../shared/recipe'

/** Event types of Data-Juicer's event logger, with its string values. */
export type EventType =
  | 'job_start'
  | 'job_complete'
  | 'job_failed'
  | 'job_restart'
  | 'partition_start'
  | 'partition_complete'
  | 'partition_failed'
  | 'partition_resume'
  | 'partition_retry'
  | 'op_start'
  | 'op_complete'
  | 'op_failed'
  | 'checkpoint_save'
  | 'checkpoint_load'
  | 'checkpoint_error'
  | 'dedup_decision'
  | 'export_start'
  | 'export_complete'
  | 'bad_records'
  | 'resource_usage'
  | 'processing_error'

/** One line of logs/processing_events.jsonl; fields without a value are left out, as Data-Juicer does. */
export interface JobEvent {
  event_type: EventType
  timestamp: number
  level: LogLevel
  message: string
  job_id?: string
  partition_id?: number
  operation_name?: string
  operation_idx?: number
  duration?: number
  error_message?: string
  retry_count?: number
  checkpoint_path?: string
  output_path?: string
  input_rows?: number
  output_rows?: number
  metadata?: Record<string, unknown>
}

const LEVELS: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 }

export interface EventLogOptions {
  enabled: boolean
  level: LogLevel
  maxBytes: number
  backupCount: number
}

/**
 * The append-only event log, for people (resume never reads it). It rotates like Python's
 * RotatingFileHandler: at `maxBytes` the file becomes .1, .1 becomes .2, … up to `backupCount`.
 */
export class EventLog {
  constructor(
    private readonly path: string,
    private readonly options: EventLogOptions
  ) {
    if (options.enabled) mkdirSync(dirname(path), { recursive: true })
  }

  /** Lines that could not be written (a full disk); the log is for people, so the job goes on. */
  lost = 0

  write(event: JobEvent): void {
    if (!this.options.enabled || LEVELS[event.level] < LEVELS[this.options.level]) return
    const line = `${JSON.stringify(event)}\n`
    try {
      this.rotateIfNeeded(Buffer.byteLength(line))
      appendFileSync(this.path, line)
    } catch {
      this.lost++
    }
  }

  private rotateIfNeeded(incoming: number): void {
    if (this.options.maxBytes <= 0 || !existsSync(this.path)) return
    if (statSync(this.path).size + incoming <= this.options.maxBytes) return
    if (this.options.backupCount <= 0) {
      rmSync(this.path, { force: true })
      return
    }
    rmSync(`${this.path}.${this.options.backupCount}`, { force: true })
    for (let i = this.options.backupCount - 1; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`)
    }
    renameSync(this.path, `${this.path}.1`)
  }
}
