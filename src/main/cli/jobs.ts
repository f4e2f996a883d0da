import { join, resolve } from 'node:path'
import { SieveError } from '../../shared/errors'
import {
  Job,
  type JobOptions,
  type JobOutcome,
  type JobProgress,
  WorkDir,
  readManifest,
  effectiveStatus,
  readPlanSync,
  loadRecipe,
  withExportPath,
  type JobEvent
} from '../../engine'
import { humanBytes } from './format'
import { workerPath } from '../service/engine-worker'

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
function reporter(json: boolean): Pick<JobOptions, 'onEvent' | 'onProgress'> & { done(): void } {
  const tty = process.stderr.isTTY === true && !json
  let drawn = false
  return {
    onEvent: (event: JobEvent) => {
      if (json) process.stdout.write(`${JSON.stringify(event)}\n`)
      else if (event.level === 'ERROR' || event.level === 'WARNING') {
        if (drawn) process.stderr.write('\n')
        drawn = false
        process.stderr.write(`${event.level === 'ERROR' ? 'error' : 'warning'}: ${event.message}\n`)
      }
    },
    onProgress: (p: JobProgress) => {
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
      return EXIT.interrupted
    default:
      return EXIT.failed
  }
}

function printOutcome(outcome: JobOutcome, job: Job, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ event_type: 'outcome', timestamp: Date.now() / 1000, ...outcome })}\n`)
    return
  }
  const m = job.manifest
  const bad = m.partitions.reduce((n, p) => n + p.bad_records, 0)
  const lines = [`${outcome.status.replace(/_/g, ' ')}: ${outcome.message}`]
  for (const f of outcome.exportFiles) lines.push(`  ${f.path}  ${f.rows.toLocaleString('en-US')} rows  ${humanBytes(f.bytes)}`)
  if (bad > 0) lines.push(`  ${bad} bad record(s) quarantined under ${join(outcome.workDir, 'errors')}`)
  for (const f of outcome.failed) lines.push(`  partition ${f.partition} failed: ${f.error}`)
  lines.push(`  work directory: ${outcome.workDir}`)
  if (outcome.status === 'completed_with_failures' || outcome.status === 'interrupted') lines.push(`  continue with: sieve resume ${outcome.workDir}`)
  process.stdout.write(`${lines.join('\n')}\n`)
}

/** Runs a job to its end; Ctrl+C stops it cleanly (exit 130) and it can be resumed. */
async function drive(job: Job, json: boolean, report: ReturnType<typeof reporter>): Promise<number> {
  const interrupt = (): void => job.cancel()
  process.once('SIGINT', interrupt)
  process.once('SIGTERM', interrupt)
  try {
    const outcome = await job.run()
    report.done()
    printOutcome(outcome, job, json)
    return exitCode(outcome)
  } finally {
    process.off('SIGINT', interrupt)
    process.off('SIGTERM', interrupt)
  }
}

export interface RunArgs {
  recipe: string
  workDir?: string
  exportPath?: string
  np?: number
  json: boolean
  force: boolean
}

export async function runCommand(args: RunArgs): Promise<number> {
  const { recipe, notes } = await loadRecipe(args.recipe)
  if (args.exportPath !== undefined) withExportPath(recipe, resolve(args.exportPath))
  if (args.workDir !== undefined) recipe.work_dir = resolve(args.workDir)
  if (args.np !== undefined) recipe.np = args.np
  if (!args.json) for (const note of notes) process.stderr.write(`note: ${note}\n`)
  const report = reporter(args.json)
  const job = await Job.create(recipe, { workerPath, force: args.force, ...report })
  return drive(job, args.json, report)
}

export async function resumeCommand(workDir: string, json: boolean, force: boolean): Promise<number> {
  const report = reporter(json)
  const job = await Job.open(resolve(workDir), { workerPath, force, ...report })
  return drive(job, json, report)
}

export async function statusCommand(workDir: string, json: boolean): Promise<number> {
  const dir = new WorkDir(resolve(workDir))
  dir.assertPlanned()
  const plan = readPlanSync(dir.mapping)
  const manifest = await readManifest(dir.manifest)
  if (manifest === undefined)
    throw new SieveError('NOT_FOUND', `${dir.root} has a plan but no manifest yet: the job never started. Resume it to start.`)
  const status = effectiveStatus(manifest, dir)
  const count = (s: string): number => manifest.partitions.filter((p) => p.status === s).length
  const summary = {
    work_dir: dir.root,
    job_id: manifest.job_id,
    status,
    started_at: manifest.started_at,
    updated_at: manifest.updated_at,
    finished_at: manifest.finished_at ?? null,
    partitions: { total: manifest.partitions.length, done: count('done'), failed: count('failed'), pending: count('pending') + count('running') },
    rows_planned: plan.total_rows,
    rows_out: manifest.partitions.reduce((n, p) => n + (p.result?.rows ?? 0), 0),
    bad_records: manifest.partitions.reduce((n, p) => n + p.bad_records, 0),
    failed: manifest.partitions.flatMap((p, id) => (p.status === 'failed' ? [{ partition: id, error: p.error }] : [])),
    export: manifest.export?.files ?? []
  }
  if (json) process.stdout.write(`${JSON.stringify(summary)}\n`)
  else {
    const lines = [
      `${dir.root}`,
      `  job        ${summary.job_id}`,
      `  status     ${status.replace(/_/g, ' ')}`,
      `  partitions ${summary.partitions.done}/${summary.partitions.total} done, ${summary.partitions.failed} failed, ${summary.partitions.pending} to do`,
      `  rows       ${summary.rows_planned.toLocaleString('en-US')} planned, ${summary.rows_out.toLocaleString('en-US')} out so far, ${summary.bad_records} bad`
    ]
    for (const f of summary.failed) lines.push(`  partition ${f.partition} failed: ${f.error}`)
    for (const f of summary.export) lines.push(`  export     ${f.path} (${f.rows.toLocaleString('en-US')} rows)`)
    if (status !== 'completed') lines.push(`  continue with: sieve resume ${dir.root}`)
    process.stdout.write(`${lines.join('\n')}\n`)
  }
  return EXIT.ok
}
