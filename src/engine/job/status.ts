import { existsSync, readFileSync } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { SieveError } from '../../shared/errors'
import type { JobDetails, JobEvent, JobSummary, StageRowsPoint } from '../../shared/jobs'
import { runSeconds } from '../../shared/job-figures'
import { opTotals } from '../log/summary'
import { checkExportFiles } from './export-check'
import { checkpointRows } from './checkpoint-message'
import { WorkDir } from './layout'
import { lockHolder, processAlive } from './lock'
import { readManifest, type Manifest } from './manifest'
import type { Plan } from './plan'
import { readPlanSync } from './plan-file'
import { loadRecipe } from './recipe'

/**
 * A job whose manifest says running but whose process is gone, or no longer holds the work
 * directory's lock, was interrupted. The lock covers a process that lives on after its job stopped
 * without a final manifest (the backend, when the disk filled at the end).
 */
export function effectiveStatus(manifest: Manifest, dir: WorkDir): Manifest['status'] {
  if (manifest.status !== 'running') return manifest.status
  return processAlive(manifest.pid) && lockHolder(dir.lock) === manifest.pid ? 'running' : 'interrupted'
}

interface JobFiles {
  dir: WorkDir
  plan: Plan
  manifest: Manifest
}

export async function readJobFiles(workDir: string): Promise<JobFiles> {
  const dir = new WorkDir(resolve(workDir))
  dir.assertPlanned()
  const plan = readPlanSync(dir.mapping)
  const manifest = await readManifest(dir.manifest)
  if (manifest === undefined)
    throw new SieveError('NOT_FOUND', `${dir.root} has a plan but no manifest yet: the job never started. Resume it to start.`, { workDir: dir.root })
  return { dir, plan, manifest }
}

/** What a work directory holds, from its plan and manifest alone. */
export async function readJobSummary(workDir: string): Promise<JobSummary> {
  return summaryOf(await readJobFiles(workDir))
}

export function summaryOf({ dir, plan, manifest }: JobFiles): JobSummary {
  const recipeText = existsSync(dir.recipe) ? readFileSync(dir.recipe, 'utf8') : ''
  const project = /^project_name: (.+)$/m.exec(recipeText)?.[1]?.trim() ?? ''
  const abs = (p: string): string => (isAbsolute(p) ? p : join(dir.root, p))
  const status = effectiveStatus(manifest, dir)
  return {
    workDir: dir.root,
    jobId: manifest.job_id,
    projectName: project,
    kind: plan.kind ?? 'run',
    status,
    startedAt: manifest.started_at,
    finishedAt: manifest.finished_at ?? null,
    runSeconds: status === 'running' ? null : runSeconds(manifest.run_started_at, manifest.finished_at),
    // Only the backend running the job knows it is paused; it says so over this.
    paused: false,
    rowsPlanned: plan.total_rows,
    rowsOut: manifest.partitions.reduce((n, p) => n + (p.result?.rows ?? 0), 0),
    badRecords: manifest.partitions.reduce((n, p) => n + p.bad_records, 0),
    stages: plan.stages.length,
    partitions: manifest.partitions.map((p, id) => ({
      id,
      // In a job whose process is gone nothing is running any more.
      status: status !== 'running' && p.status === 'running' ? 'pending' : p.status,
      stage: p.stage,
      rowsIn: plan.partitions[id]?.rows ?? 0,
      ...(p.result !== undefined ? { result: { path: abs(p.result.path), rows: p.result.rows, bytes: p.result.bytes } } : {}),
      ...(p.error !== undefined ? { error: p.error } : {})
    })),
    exportFiles: (manifest.export?.files ?? []).map((f) => ({ path: abs(f.path), rows: f.rows, bytes: f.bytes }))
  }
}

function readJson(path: string): Record<string, unknown> | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>
  } catch {
    return null
  }
}

/**
 * The summary plus what the monitor and the report show: partitions in detail, per-operator totals,
 * performance, and whether the export is still what the job wrote (`hashExport` hashes every file to tell).
 */
export async function readJobDetails(workDir: string, hashExport = false): Promise<JobDetails> {
  const files = await readJobFiles(workDir)
  const { dir, plan, manifest } = files
  const summary = summaryOf(files)
  const { recipe } = await loadRecipe(dir.recipe)
  const abs = (p: string): string => (isAbsolute(p) ? p : join(dir.root, p))
  const dedupDropped = Object.fromEntries(Object.values(manifest.dedup).map((d) => [String(d.op_index), d.dropped]))
  const metrics = summary.status === 'running' ? null : readJson(dir.metrics)
  // The run time the Jobs list shows; a manifest from before runs were timed falls back on the metrics.
  const wall = summary.runSeconds ?? (typeof metrics?.wall_time_s === 'number' ? metrics.wall_time_s : null)
  return {
    ...summary,
    recipeYaml: await readFile(dir.recipe, 'utf8'),
    exportPath: recipe.export_path,
    stages: plan.stages.length,
    bytesPlanned: plan.partitions.reduce((n, p) => n + p.bytes, 0),
    partitionDetails: manifest.partitions.map((p, id) => {
      const base = summary.partitions[id]!
      return {
        id,
        status: base.status,
        stage: p.stage,
        attempts: p.attempts_total ?? p.attempts,
        rowsIn: base.rowsIn,
        rowsRead: p.rows_read,
        bytes: plan.partitions[id]?.bytes ?? 0,
        badRecords: p.bad_records,
        millis: p.millis,
        ...(p.error !== undefined ? { error: p.error } : {}),
        checkpoints: [...p.checkpoints]
          .sort((a, b) => a.op_index - b.op_index)
          .map((c) => ({ opIndex: c.op_index, opName: c.op_name, path: abs(c.path), rows: checkpointRows(c, p.ops), bytes: c.bytes })),
        ...(base.result !== undefined ? { result: base.result } : {}),
        ...(p.errors_file !== undefined ? { errorsFile: abs(p.errors_file.path) } : {})
      }
    }),
    operations: opTotals(recipe, manifest, dedupDropped).map((o) => ({
      index: o.index,
      name: o.name,
      rowsIn: o.rows_in,
      rowsOut: o.rows_out,
      dropped: o.dropped,
      millis: o.millis,
      textBytes: o.text_bytes
    })),
    duplicatesRemoved: Object.values(manifest.dedup).reduce((n, d) => n + d.dropped, 0),
    errorFiles: manifest.partitions.flatMap((p) => (p.errors_file !== undefined ? [abs(p.errors_file.path)] : [])),
    wallSeconds: wall,
    performance:
      metrics === null
        ? null
        : {
            cpuUserS: Number(metrics.cpu_user_s ?? 0),
            cpuSystemS: Number(metrics.cpu_system_s ?? 0),
            peakRssMb: Number(metrics.max_rss_mb ?? metrics.peak_rss_mb ?? 0),
            rowsPerS: Number(metrics.rows_per_s ?? 0),
            activeS: typeof metrics.active_time_s === 'number' ? metrics.active_time_s : null
          },
    exportCheck: summary.status === 'running' ? [] : await checkExportFiles(dir.root, manifest, hashExport),
    stageRowsOverTime: summary.status === 'running' ? [] : await readStageRowsOverTime(dir, plan)
  }
}

/** The event log read for a run's history: enough for thousands of partitions; an older start is cut off. */
const HISTORY_READ_BYTES = 32 << 20

/**
 * The last run's progress rebuilt from its event log, in the live chart's measure: a partition's
 * rows count once for each stage that ends in this run (a stage-end checkpoint, or its completion).
 */
async function readStageRowsOverTime(dir: WorkDir, plan: Plan): Promise<StageRowsPoint[]> {
  let text: string
  try {
    const handle = await open(dir.events, 'r')
    try {
      const size = (await handle.stat()).size
      const bytes = Buffer.alloc(Math.min(size, HISTORY_READ_BYTES))
      await handle.read(bytes, 0, bytes.length, size - bytes.length)
      text = bytes.toString('utf8')
    } finally {
      await handle.close()
    }
  } catch {
    return []
  }
  const events: JobEvent[] = []
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue
    try {
      events.push(JSON.parse(line) as JobEvent)
    } catch {
      // A torn or cut line: the rest of the history stands.
    }
  }
  const runStart = events.findLastIndex((e) => e.event_type === 'job_start' || e.event_type === 'job_restart')
  if (runStart < 0) return []
  const startedAt = events[runStart]!.timestamp
  const points: StageRowsPoint[] = [{ elapsedMs: 0, rowsDone: 0 }]
  let rowsDone = 0
  let lastAt = startedAt
  for (const e of events.slice(runStart + 1)) {
    lastAt = Math.max(lastAt, e.timestamp)
    const id = e.partition_id
    const stageEnd = (e.event_type === 'checkpoint_save' && typeof e.metadata?.stage_done === 'number') || e.event_type === 'partition_complete'
    if (!stageEnd || typeof id !== 'number') continue
    rowsDone += plan.partitions[id]?.rows ?? 0
    points.push({ elapsedMs: Math.round((e.timestamp - startedAt) * 1000), rowsDone })
  }
  const endMs = Math.round((lastAt - startedAt) * 1000)
  if (endMs > points[points.length - 1]!.elapsedMs) points.push({ elapsedMs: endMs, rowsDone })
  return points
}

const DEFAULT_EVENT_PAGE = 1000
/** At most this much of the log is read per call: a poll reads what is new, not the whole file. */
const EVENT_READ_BYTES = 4 << 20

/**
 * Events of the job's log (the current file; rotated ones are older). `after` and `next` are byte
 * offsets: without `after`, the newest `limit` events; with it, up to `limit` events from there.
 * A line still being appended is left for the next call; an offset past the end (the log rotated)
 * starts the file again.
 */
export async function readJobEvents(
  workDir: string,
  after: number | undefined,
  limit = DEFAULT_EVENT_PAGE
): Promise<{ events: JobEvent[]; next: number }> {
  const dir = new WorkDir(resolve(workDir))
  let handle
  try {
    handle = await open(dir.events, 'r')
  } catch {
    return { events: [], next: 0 }
  }
  try {
    const size = (await handle.stat()).size
    const from = after === undefined ? Math.max(0, size - EVENT_READ_BYTES) : after > size ? 0 : after
    const bytes = Buffer.alloc(Math.min(EVENT_READ_BYTES, size - from))
    await handle.read(bytes, 0, bytes.length, from)
    // Complete lines only, as [start, end) byte ranges; a tail read starts after its first newline.
    const lines: [number, number][] = []
    let start = after === undefined && from > 0 ? bytes.indexOf(10) + 1 : 0
    for (let nl = bytes.indexOf(10, start); nl >= 0; nl = bytes.indexOf(10, start)) {
      lines.push([start, nl])
      start = nl + 1
    }
    const chosen = after === undefined ? lines.slice(-limit) : lines.slice(0, limit)
    const events: JobEvent[] = []
    for (const [a, b] of chosen) {
      try {
        events.push(JSON.parse(bytes.toString('utf8', a, b)) as JobEvent)
      } catch {
        // A torn line (the disk filled mid-write) is skipped: the log is for people.
      }
    }
    const last = chosen.at(-1)
    return { events, next: last !== undefined ? from + last[1] + 1 : from }
  } finally {
    await handle.close()
  }
}
