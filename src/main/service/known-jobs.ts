import { readFile } from 'node:fs/promises'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { JobSummary } from '../../shared/jobs'
import { readJobSummary } from '../../engine'

/**
 * The work directories a backend has seen, remembered in `jobs.json` so that after a restart they
 * are listed again — as interrupted when their process is gone.
 */
export class KnownJobs {
  private known: string[] = []

  constructor(private readonly dataDir: string) {}

  private get registry(): string {
    return join(this.dataDir, 'jobs.json')
  }

  async init(): Promise<void> {
    try {
      this.known = JSON.parse(await readFile(this.registry, 'utf8')) as string[]
    } catch {
      this.known = []
    }
  }

  /**
   * A work directory run or opened in the window joins the list. The list is written beside its
   * final name and renamed over it, so a crash mid-write never leaves half a list.
   */
  remember(workDir: string): void {
    this.known = [workDir, ...this.known.filter((w) => w !== workDir)]
    this.write()
  }

  /** Drops a work directory from the list; its files stay where they are. */
  forget(workDir: string): boolean {
    const before = this.known.length
    this.known = this.known.filter((w) => w !== workDir)
    if (this.known.length === before) return false
    this.write()
    return true
  }

  private write(): void {
    mkdirSync(dirname(this.registry), { recursive: true })
    const temp = `${this.registry}.${process.pid}.part`
    writeFileSync(temp, JSON.stringify(this.known))
    renameSync(temp, this.registry)
  }

  /** The work directories remembered, most recent first. */
  get workDirs(): readonly string[] {
    return this.known
  }

  async list(): Promise<JobSummary[]> {
    const out: JobSummary[] = []
    for (const workDir of this.known) {
      try {
        out.push(await readJobSummary(workDir))
      } catch {
        // A work directory that was deleted is simply not listed.
      }
    }
    return out
  }
}

/** Which job wrote a file: its work directory and name. */
export interface OutputWriter {
  path: string
  workDir: string
  name: string
}

/** The known jobs whose manifest lists one of `paths` among its export files. */
export function writersOf(jobs: readonly JobSummary[], paths: readonly string[]): OutputWriter[] {
  const wanted = new Set(paths.map((p) => resolve(p)))
  return jobs.flatMap((job) =>
    job.exportFiles
      .filter((f) => wanted.has(resolve(f.path)))
      .map((f) => ({ path: resolve(f.path), workDir: job.workDir, name: job.projectName || job.jobId }))
  )
}
