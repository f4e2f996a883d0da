import { createStore } from 'zustand/vanilla'
import type { JobEvent, JobEventPayload, JobProgressPayload } from '../../../../shared/jobs'
import { deps } from '../../app/deps'
import { asApiError } from '../../app/errors'
import { refreshJob, askNotificationPermission, loadJobs, notifyJobEnded, refreshJobSoon } from './job-actions'
import {
  addSample,
  appendEvents,
  applyEvents,
  EMPTY_DERIVED,
  MAX_EVENTS,
  mergeHistory,
  type EventDerived,
  type ThroughputSample
} from './job-live-model'

/** What one job's pushed progress and events tell, between two reads of its work directory. */
export interface LiveJob extends EventDerived {
  progress: JobProgressPayload | null
  samples: ThroughputSample[]
  /** The newest events, oldest first. */
  events: JobEvent[]
  history: { status: 'idle' | 'loading' | 'ready' } | { status: 'error'; message: string }
}

const EMPTY_LIVE: LiveJob = { ...EMPTY_DERIVED, progress: null, samples: [], events: [], history: { status: 'idle' } }

/**
 * Live state of jobs by work directory. Progress arrives up to 4×/s per job, so it stays out of the
 * main store: components select only the part they draw, or draw it through `subscribe`.
 */
export const jobLive = createStore<Record<string, LiveJob>>()(() => ({}))

function liveJob(workDir: string): LiveJob {
  return jobLive.getState()[workDir] ?? EMPTY_LIVE
}

function update(workDir: string, change: (job: LiveJob) => Partial<LiveJob>): void {
  const job = liveJob(workDir)
  jobLive.setState({ [workDir]: { ...job, ...change(job) } })
}

/** When each job last pushed something: a job run by another process pushes nothing and is polled instead. */
const lastPush = new Map<string, number>()

export function pushedRecently(workDir: string, withinMs: number): boolean {
  return Date.now() - (lastPush.get(workDir) ?? 0) < withinMs
}

export function recordJobProgress(progress: JobProgressPayload): void {
  lastPush.set(progress.work_dir, Date.now())
  update(progress.work_dir, (job) => ({ progress, samples: addSample(job.samples, progress) }))
}

/** Events are drawn in batches, a few times a second, however fast they come. */
const pending = new Map<string, JobEvent[]>()
let flushTimer: ReturnType<typeof setTimeout> | undefined
const FLUSH_MS = 150

function flushEvents(): void {
  flushTimer = undefined
  const batches = [...pending]
  pending.clear()
  for (const [workDir, events] of batches) addEvents(workDir, events)
}

function addEvents(workDir: string, incoming: JobEvent[]): void {
  update(workDir, (job) => {
    // Only what was not seen before changes the partition states and operator counts.
    const { events, fresh } = appendEvents(job.events, incoming)
    return { ...applyEvents(job, fresh), events }
  })
}

export function recordJobEvent(payload: JobEventPayload): void {
  const { work_dir: workDir, ...event } = payload
  lastPush.set(workDir, Date.now())
  switch (event.event_type) {
    case 'job_start':
    case 'job_restart':
      // A new run: its progress starts from zero.
      update(workDir, () => ({ progress: null, samples: [] }))
      askNotificationPermission()
      void loadJobs()
      break
    case 'job_complete':
    case 'job_failed':
    case 'job_cancelled':
      notifyJobEnded(payload)
      void loadJobs()
      void refreshJob(workDir)
      break
    case 'partition_complete':
    case 'partition_failed':
    case 'export_complete':
      refreshJobSoon(workDir)
      break
    default:
      break
  }
  const batch = pending.get(workDir)
  if (batch === undefined) pending.set(workDir, [event])
  else batch.push(event)
  flushTimer ??= setTimeout(flushEvents, FLUSH_MS)
}

/** Where the next read of each job's event log starts. */
const logCursor = new Map<string, number>()
const PAGE = 5000

/**
 * Reads the job's event log from the start (once per work directory), merged with what was pushed
 * meanwhile. Each page is folded into the partition states and operator counts as it comes, and only
 * the newest events are kept, so a long job's log never sits in memory whole.
 */
export async function loadEventHistory(workDir: string): Promise<void> {
  const status = liveJob(workDir).history.status
  if (status === 'loading' || status === 'ready') return
  update(workDir, () => ({ history: { status: 'loading' } }))
  try {
    let derived = EMPTY_DERIVED
    let tail: JobEvent[] = []
    let after = 0
    // A page ends at its event limit or at the backend's byte limit, whichever comes first: read until one comes back empty.
    for (;;) {
      const page = await deps().api.jobEvents({ workDir, after, limit: PAGE })
      after = page.next
      if (page.events.length === 0) break
      derived = applyEvents(derived, page.events)
      tail = tail.concat(page.events).slice(-MAX_EVENTS)
    }
    logCursor.set(workDir, after)
    update(workDir, (job) => {
      const all = mergeHistory(tail, job.events)
      return { ...applyEvents(derived, all.slice(tail.length)), events: all.slice(-MAX_EVENTS), history: { status: 'ready' } }
    })
  } catch (err) {
    update(workDir, () => ({ history: { status: 'error', message: asApiError(err).message } }))
  }
}

/** Reads what the event log gained since the last read: for a job that another process runs. */
export async function pollEventLog(workDir: string): Promise<void> {
  const after = logCursor.get(workDir)
  if (after === undefined) return
  const page = await deps().api.jobEvents({ workDir, after, limit: PAGE })
  logCursor.set(workDir, page.next)
  if (page.events.length > 0) addEvents(workDir, page.events)
}

/** Pauses or continues a running job; the answer is shown at once, before the next progress report. */
export async function pauseJob(workDir: string, paused: boolean): Promise<void> {
  const answer = await deps().api.pauseJob({ workDir, paused })
  update(workDir, (job) => ({ progress: job.progress === null ? null : { ...job.progress, paused: answer.paused } }))
}
