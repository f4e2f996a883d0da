import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync, truncateSync } from 'node:fs'
import { dirname } from 'node:path'
import type { LogLevel } from '../../shared/recipe'
import type { JobEvent } from '../../shared/jobs'

export type { EventType, JobEvent } from '../../shared/jobs'

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
    let appendingAt: number | undefined
    try {
      appendingAt = this.rotateIfNeeded(Buffer.byteLength(line))
      appendFileSync(this.path, line)
    } catch {
      this.lost++
      // A line the disk took only part of would glue itself to the next one: every line must parse.
      if (appendingAt !== undefined && existsSync(this.path)) {
        try {
          truncateSync(this.path, appendingAt)
        } catch {
          // The line is lost either way; the job goes on.
        }
      }
    }
  }

  /** Rotates when `incoming` would pass the limit; returns the size of the file to append to. */
  private rotateIfNeeded(incoming: number): number {
    const size = existsSync(this.path) ? statSync(this.path).size : 0
    if (this.options.maxBytes <= 0 || size + incoming <= this.options.maxBytes) return size
    if (this.options.backupCount <= 0) {
      rmSync(this.path, { force: true })
      return 0
    }
    rmSync(`${this.path}.${this.options.backupCount}`, { force: true })
    for (let i = this.options.backupCount - 1; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`)
    }
    renameSync(this.path, `${this.path}.1`)
    return 0
  }
}
