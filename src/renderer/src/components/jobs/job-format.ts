import type { ShownStatus } from '../../features/jobs/job-live-model'

/** A duration as a person reads it: 850 ms, 12.3 s, 4 min 05 s, 2 h 07 min. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—'
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`
  if (seconds < 60) return `${seconds.toFixed(1)} s`
  const whole = Math.round(seconds)
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`
  return `${Math.floor(whole / 3600)} h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')} min`
}

/** A rate with a unit: 12,345 rows/s; small rates keep a decimal. */
export function formatRate(perSecond: number, unit: string): string {
  if (!Number.isFinite(perSecond) || perSecond < 0) return '—'
  const value = perSecond >= 100 ? Math.round(perSecond).toLocaleString('en-US') : perSecond.toFixed(1)
  return `${value} ${unit}/s`
}

export function statusText(status: ShownStatus): string {
  return status.replace(/_/g, ' ')
}

/** Seconds between two ISO times, or until now while it has not finished. */
export function durationSeconds(startedAt: string, finishedAt: string | null, now = Date.now()): number {
  const start = Date.parse(startedAt)
  const end = finishedAt === null ? now : Date.parse(finishedAt)
  return Number.isNaN(start) || Number.isNaN(end) ? NaN : Math.max(0, (end - start) / 1000)
}

export function formatStart(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return '—'
  return d.toLocaleString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}

/** What a job is called: its project name, or its id when the recipe has none. */
export function jobName(job: { projectName: string; jobId: string }): string {
  return job.projectName || job.jobId
}
