import type { Recipe } from '../../shared/recipe'
import type { Manifest } from '../job/manifest'
import type { Plan } from '../job/plan'
import { workerCount } from '../job/workers'

export interface OpTotals {
  index: number
  name: string
  rows_in: number
  rows_out: number
  dropped: number
  millis: number
  text_bytes: number
}

/** Rows in/out per operator over all partitions, in recipe order. */
export function opTotals(recipe: Recipe, manifest: Manifest, dedupDropped: Record<string, number>): OpTotals[] {
  return recipe.process.map((op, index) => {
    let rowsIn = 0
    let rowsOut = 0
    let millis = 0
    let textBytes = 0
    for (const p of manifest.partitions) {
      const c = p.ops[String(index)]
      if (c === undefined) continue
      rowsIn += c.rows_in
      rowsOut += c.rows_out
      millis += c.millis
      textBytes += c.text_bytes
    }
    const dedup = dedupDropped[String(index)]
    if (dedup !== undefined) rowsOut -= dedup
    return { index, name: op.name, rows_in: rowsIn, rows_out: rowsOut, dropped: rowsIn - rowsOut, millis, text_bytes: textBytes }
  })
}

export function processingSummary(recipe: Recipe, plan: Plan, manifest: Manifest, wallMillis: number): Record<string, unknown> {
  const dropped = Object.fromEntries(Object.values(manifest.dedup).map((d) => [String(d.op_index), d.dropped]))
  const done = manifest.partitions.filter((p) => p.status === 'done').length
  const failed = manifest.partitions.filter((p) => p.status === 'failed').length
  return {
    job_id: manifest.job_id,
    project_name: recipe.project_name,
    status: manifest.status,
    started_at: manifest.started_at,
    finished_at: manifest.finished_at ?? null,
    duration_s: wallMillis / 1000,
    total_partitions: manifest.partitions.length,
    completed_partitions: done,
    failed_partitions: failed,
    success_rate: manifest.partitions.length > 0 ? done / manifest.partitions.length : 0,
    rows_planned: plan.total_rows,
    rows_read: manifest.partitions.reduce((n, p) => n + p.rows_read, 0),
    rows_out: manifest.partitions.reduce((n, p) => n + (p.result?.rows ?? 0), 0),
    bad_records: manifest.partitions.reduce((n, p) => n + p.bad_records, 0),
    operations: opTotals(recipe, manifest, dropped),
    partitions: manifest.partitions.map((p, id) => ({
      id,
      status: p.status,
      attempts: p.attempts,
      rows_in: plan.partitions[id]?.rows ?? 0,
      rows_read: p.rows_read,
      rows_out: p.result?.rows ?? null,
      bad_records: p.bad_records,
      error: p.error ?? null
    })),
    errors: manifest.partitions.flatMap((p, id) => (p.error !== undefined ? [{ partition_id: id, error: p.error }] : [])),
    export: manifest.export ?? null
  }
}

/** A run's times in milliseconds and its throughput (rows through the chain per active second, from job-figures). */
export interface RunFigures {
  wall: number
  active: number
  rowsPerS: number
}

export function performanceMetrics(
  recipe: Recipe,
  manifest: Manifest,
  run: RunFigures,
  peakRssBytes: number,
  cpuMicros: { user: number; system: number }
): Record<string, unknown> {
  const dropped = Object.fromEntries(Object.values(manifest.dedup).map((d) => [String(d.op_index), d.dropped]))
  return {
    job_id: manifest.job_id,
    wall_time_s: run.wall / 1000,
    /** The wall time less the time the run stood paused with nothing running. */
    active_time_s: run.active / 1000,
    cpu_user_s: cpuMicros.user / 1e6,
    cpu_system_s: cpuMicros.system / 1e6,
    peak_rss_mb: Math.round(peakRssBytes / (1 << 20)),
    /** The operating system's high-water mark for the whole process, worker threads included. */
    max_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    /** Rows through the whole chain this run moved, per active second: the report's and the chart's throughput. */
    rows_per_s: run.rowsPerS,
    workers: workerCount(recipe.np),
    operations: opTotals(recipe, manifest, dropped).map((o) => ({
      name: o.name,
      index: o.index,
      time_s: o.millis / 1000,
      rows_per_s: o.millis > 0 ? o.rows_in / (o.millis / 1000) : null,
      mb_per_s: o.millis > 0 ? o.text_bytes / (1 << 20) / (o.millis / 1000) : null
    }))
  }
}
