import { join } from 'node:path'
import { loadRecipe, readJobFiles, summaryOf, type JobEvent, type JobOutcome, type JobProgress, type Manifest } from '../../engine'
import { humanBytes } from './format'
import { workerPath } from '../service/engine-worker'
import { JobsService, type JobEnd, type JobListener, type JobSettings, type LaunchedJob } from '../service/jobs'

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const

function clock(ms: number): string {
  const s = Math.floor(ms / 1000)
  const pad = (n: number): string => String(n).padStart(2, '0')
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`
}

function progressLine(p: JobProgress): string {
  const pct = p.rows_total > 0 ? Math.floor((100 * p.rows_done) / p.rows_total) : 0
  const failed = p.partitions.failed > 0 ? `, ${p.partitions.failed} failed` : ''
  return `stage ${p.stage + 1}/${p.stages}  partitions ${p.partitions.done}/${p.partitions.total} done${failed}  rows ${p.rows_done.toLocaleString('en-US')}/${p.rows_total.toLocaleString('en-US')} (${pct}%)  ${Math.round(p.rows_per_s).toLocaleString('en-US')} rows/s  ${clock(p.elapsed_ms)}`
}

/** How a job reports to a terminal: a live line on a TTY, or one JSON object per line with --json. */
export function reporter(json: boolean): JobListener & { done(): void } {
  const tty = process.stderr.isTTY === true && !json
  let drawn = false
  return {
    onEvent: (_workDir: string, event: JobEvent) => {
      if (json) process.stdout.write(`${JSON.stringify(event)}\n`)
      // What partition.mode auto chose is said once, as the job starts.
      else if (event.event_type === 'job_start' && event.metadata?.partition_size !== undefined) process.stderr.write(`note: ${event.message}\n`)
      // A recipe's notes were said as it was read.
      else if ((event.level === 'ERROR' || event.level === 'WARNING') && event.metadata?.recipe_note !== true) {
        if (drawn) process.stderr.write('\n')
        drawn = false
        process.stderr.write(`${event.level === 'ERROR' ? 'error' : 'warning'}: ${event.message}\n`)
      }
    },
    onProgress: (_workDir: string, p: JobProgress) => {
      if (json) process.stdout.write(`${JSON.stringify({ event_type: 'progress', timestamp: Date.now() / 1000, ...p })}\n`)
      else if (tty) {
        process.stderr.write(`\r\x1b[2K${progressLine(p)}`)
        drawn = true
      }
    },
    done: () => {
      if (drawn) process.stderr.write('\n')
    }
  }
}

function exitCode(outcome: JobOutcome): number {
  switch (outcome.status) {
    case 'completed':
      return EXIT.ok
    case 'interrupted':
    case 'cancelled':
      return EXIT.interrupted
    default:
      return EXIT.failed
  }
}

export function printOutcome(outcome: JobOutcome, manifest: Manifest, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ event_type: 'outcome', timestamp: Date.now() / 1000, ...outcome })}\n`)
    return
  }
  const bad = manifest.partitions.reduce((n, p) => n + p.bad_records, 0)
  const lines = [`${outcome.status.replace(/_/g, ' ')}: ${outcome.message}`]
  for (const f of outcome.exportFiles) lines.push(`  ${f.path}  ${f.rows.toLocaleString('en-US')} rows  ${humanBytes(f.bytes)}`)
  if (bad > 0) lines.push(`  ${bad} bad record(s) quarantined under ${join(outcome.workDir, 'errors')}`)
  for (const f of outcome.failed) lines.push(`  partition ${f.partition} failed: ${f.error}`)
  lines.push(`  work directory: ${outcome.workDir}`)
  if (outcome.status === 'completed_with_failures' || outcome.status === 'interrupted' || outcome.status === 'cancelled')
    lines.push(`  continue with: sieve resume ${outcome.workDir}`)
  process.stdout.write(`${lines.join('\n')}\n`)
}

/** Waits for a job the service launched; Ctrl+C stops it cleanly (exit 130) and it can be resumed. `print` says how it ended (default: its outcome). */
export async function drive(
  service: JobsService,
  job: LaunchedJob,
  json: boolean,
  report: ReturnType<typeof reporter>,
  print: (end: JobEnd) => Promise<void> = async ({ outcome, manifest }) => printOutcome(outcome, manifest, json)
): Promise<number> {
  const interrupt = (): void => service.interrupt(job.workDir)
  process.once('SIGINT', interrupt)
  process.once('SIGTERM', interrupt)
  try {
    const end = await job.ended
    report.done()
    await print(end)
    return exitCode(end.outcome)
  } finally {
    process.off('SIGINT', interrupt)
    process.off('SIGTERM', interrupt)
  }
}

export interface RunArgs extends JobSettings {
  recipe: string
  json: boolean
  force: boolean
}

export async function runCommand(args: RunArgs): Promise<number> {
  const { recipe, notes } = await loadRecipe(args.recipe)
  if (!args.json) for (const note of notes) process.stderr.write(`warning: ${note}\n`)
  const report = reporter(args.json)
  const service = new JobsService(workerPath, report)
  return drive(service, await service.startRecipe(recipe, args, notes), args.json, report)
}

export async function resumeCommand(workDir: string, json: boolean, force: boolean): Promise<number> {
  const report = reporter(json)
  const service = new JobsService(workerPath, report)
  return drive(service, await service.resume(workDir, force), json, report)
}

/** `sieve status`: the job's summary as the window shows it, with the manifest's own times and export records. */
export async function statusCommand(workDir: string, json: boolean): Promise<number> {
  const files = await readJobFiles(workDir)
  const job = summaryOf(files)
  const count = (s: string): number => job.partitions.filter((p) => p.status === s).length
  const summary = {
    work_dir: job.workDir,
    job_id: job.jobId,
    status: job.status,
    started_at: job.startedAt,
    updated_at: files.manifest.updated_at,
    finished_at: job.finishedAt,
    partitions: { total: job.partitions.length, done: count('done'), failed: count('failed'), pending: count('pending') + count('running') },
    rows_planned: job.rowsPlanned,
    rows_out: job.rowsOut,
    bad_records: job.badRecords,
    failed: job.partitions.flatMap((p) => (p.status === 'failed' ? [{ partition: p.id, error: p.error }] : [])),
    export: files.manifest.export?.files ?? []
  }
  if (json) process.stdout.write(`${JSON.stringify(summary)}\n`)
  else {
    const lines = [
      `${job.workDir}`,
      `  job        ${summary.job_id}`,
      `  status     ${job.status.replace(/_/g, ' ')}`,
      `  partitions ${summary.partitions.done}/${summary.partitions.total} done, ${summary.partitions.failed} failed, ${summary.partitions.pending} to do`,
      `  rows       ${summary.rows_planned.toLocaleString('en-US')} planned, ${summary.rows_out.toLocaleString('en-US')} out so far, ${summary.bad_records} bad`
    ]
    for (const f of summary.failed) lines.push(`  partition ${f.partition} failed: ${f.error}`)
    for (const f of summary.export) lines.push(`  export     ${f.path} (${f.rows.toLocaleString('en-US')} rows)`)
    if (job.status !== 'completed') lines.push(`  continue with: sieve resume ${job.workDir}`)
    process.stdout.write(`${lines.join('\n')}\n`)
  }
  return EXIT.ok
}
