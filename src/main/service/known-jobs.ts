import { readFile } from 'node:fs/promises'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
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
    mkdirSync(dirname(this.registry), { recursive: true })
    const temp = `${this.registry}.${process.pid}.part`
    writeFileSync(temp, JSON.stringify(this.known))
    renameSync(temp, this.registry)
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
