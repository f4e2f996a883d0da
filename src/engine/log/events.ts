import { existsSync, mkdirSync } from 'node:fs'
import { appendFile, rename, rm, stat, truncate } from 'node:fs/promises'
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
 * Events are buffered and appended off the caller's thread, one write per tick's worth of
 * events: a crash loses at most the events of the last tick; `flush` waits for the rest.
 */
export class EventLog {
  private pending: string[] = []
  private writing: Promise<void> = Promise.resolve()
  private scheduled = false
  /** The file's size as this log last left it (null: no file yet); read from disk on the first write. */
  private size: number | null | undefined

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
    this.pending.push(`${JSON.stringify(event)}\n`)
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => void this.flush())
  }

  /** Resolves once every event written so far is in the file. */
  flush(): Promise<void> {
    this.scheduled = false
    const lines = this.pending
    this.pending = []
    this.writing = this.writing.then(() => this.append(lines))
    return this.writing
  }

  private async append(lines: string[]): Promise<void> {
    let chunk = ''
    for (const line of lines) {
      try {
        const bytes = Buffer.byteLength(line)
        if (await this.rotateIfNeeded(Buffer.byteLength(chunk) + bytes)) {
          await this.appendChunk(chunk)
          chunk = ''
          await this.rotate()
        }
        chunk += line
      } catch {
        this.lost++
      }
    }
    await this.appendChunk(chunk)
  }

  private async appendChunk(chunk: string): Promise<void> {
    if (chunk === '') return
    this.size ??= await stat(this.path).then(
      (s) => s.size,
      () => null
    )
    try {
      await appendFile(this.path, chunk)
      this.size = (this.size ?? 0) + Buffer.byteLength(chunk)
    } catch {
      this.lost += chunk.split('\n').length - 1
      // A chunk the disk took only part of would glue its torn last line to the next: every line must parse.
      await truncate(this.path, this.size ?? 0).catch(() => undefined)
    }
  }

  /** Whether `incoming` more bytes would take the file past `maxBytes`. */
  private async rotateIfNeeded(incoming: number): Promise<boolean> {
    if (this.options.maxBytes <= 0) return false
    if (this.size === undefined)
      this.size = await stat(this.path).then(
        (s) => s.size,
        () => null
      )
    return this.size !== null && this.size + incoming > this.options.maxBytes
  }

  private async rotate(): Promise<void> {
    this.size = null
    if (this.options.backupCount <= 0) {
      await rm(this.path, { force: true })
      return
    }
    await rm(`${this.path}.${this.options.backupCount}`, { force: true })
    for (let i = this.options.backupCount - 1; i >= 1; i--) {
      if (existsSync(`${this.path}.${i}`)) await rename(`${this.path}.${i}`, `${this.path}.${i + 1}`)
    }
    await rename(this.path, `${this.path}.1`)
  }
}
