import type { JobEventPayload, ResumePlan } from '../../../../shared/jobs'
import { deps } from '../../app/deps'
import { useStore } from '../../app/store'
import { asApiError } from '../../app/errors'
import { latest } from '../../app/latest'
import { browse } from '../browser/browser-actions'
import { baseName } from '../../paths'

/** Only the newest list request may set the list; an older answer is stale. */
const listRequests = latest()

/** Only the newest request for the open job may change it; older answers are dropped. */
export const jobRequests = latest()

/** Rereads the open job (after it ended, or when asked) without leaving the view it is in. */
export async function refreshJob(workDir?: string): Promise<void> {
  const job = useStore.getState().job
  if (job.status !== 'ready' || (workDir !== undefined && job.details.workDir !== workDir)) return
  const request = jobRequests.begin()
  try {
    const details = await deps().api.jobDetails({ workDir: job.details.workDir })
    if (request.current) useStore.setState({ job: { status: 'ready', details } })
  } catch (err) {
    // A reread that fails (the connection dropped a moment) keeps what the monitor shows, and says so.
    if (request.current) useStore.setState({ job: { status: 'ready', details: job.details, refreshError: asApiError(err).message } })
  }
}

/** Rereads the open job hashing every export file: whether the output is still what the job wrote, for files too large to hash unasked. */
export async function checkJobOutput(workDir: string): Promise<void> {
  const request = jobRequests.begin()
  const details = await deps().api.jobDetails({ workDir, hashExport: true })
  const { job } = useStore.getState()
  if (request.current && job.status === 'ready' && job.details.workDir === workDir) useStore.setState({ job: { status: 'ready', details } })
}

/** Drops a job from the list; its work directory and files stay on disk. */
export async function forgetJob(workDir: string): Promise<void> {
  await deps().api.forgetJob({ workDir })
  const { job } = useStore.getState()
  if (job.status === 'ready' && job.details.workDir === workDir) closeJob()
  await loadJobs()
}

export function closeJob(): void {
  jobRequests.cancel()
  useStore.setState({ job: { status: 'closed' }, view: 'jobs' })
}

/** A work directory: its job's status and published chunks, each of which opens in the inspector. */
export async function openWorkDir(workDir: string): Promise<void> {
  const request = jobRequests.begin()
  useStore.setState({ job: { status: 'loading', workDir }, view: 'job' })
  try {
    const details = await deps().api.jobDetails({ workDir })
    if (request.current) useStore.setState({ job: { status: 'ready', details } })
  } catch (err) {
    if (request.current) useStore.setState({ job: { status: 'error', workDir, error: asApiError(err) } })
  }
}

/** Loads every known job for the home view; the list shown stays while it reloads. */
export async function loadJobs(): Promise<void> {
  const request = listRequests.begin()
  try {
    const list = await deps().api.listJobs({})
    if (request.current) useStore.setState({ jobs: { status: 'ready', list } })
  } catch (err) {
    if (request.current) useStore.setState({ jobs: { status: 'error', error: asApiError(err) } })
  }
}

export function fetchResumePlan(workDir: string): Promise<ResumePlan> {
  return deps().api.resumePlan({ workDir })
}

/** How a start is asked for: into a work directory holding another job (`force`), over an existing output that is not this job's (`replaceOutput`). */
export interface StartChoices {
  force?: boolean
  replaceOutput?: boolean
}

/** Starts the recipe being built as a job in the backend and opens its monitor; a recipe saved to a file names its job after it. */
export async function startRecipeJob(choices: StartChoices = {}): Promise<void> {
  const { yaml, baseDir, path } = useStore.getState().recipe
  const started = await deps().api.startJob({
    yaml,
    ...(baseDir !== '' ? { baseDir } : {}),
    ...(path !== null ? { recipePath: path } : {}),
    ...(choices.force === true ? { force: true } : {}),
    ...(choices.replaceOutput === true ? { replaceOutput: true } : {})
  })
  await openWorkDir(started.workDir)
}

/** Resumes a job (force: even though its inputs or recipe changed) and opens it in the monitor. */
export async function resumeJob(workDir: string, force = false): Promise<void> {
  const started = await deps().api.resumeJob({ workDir, force })
  void loadJobs()
  await openWorkDir(started.workDir)
}

/** Plans the job again from its recorded recipe, discarding what it had done, and opens it in the monitor. */
export async function restartJob(workDir: string): Promise<void> {
  const started = await deps().api.restartJob({ workDir })
  void loadJobs()
  await openWorkDir(started.workDir)
}

/** Stops a job this backend runs; one run by another process (`sieve run`) is stopped where it runs. */
export async function cancelJob(workDir: string): Promise<void> {
  const { cancelled } = await deps().api.cancelJob({ workDir })
  if (!cancelled) throw new Error('This job is not running in this window’s backend (started with `sieve run`?): stop it where it runs, with Ctrl+C.')
}

/**
 * Shows a file in the system's file manager. A browser has none, so the path browser opens on the
 * folder instead.
 */
export async function revealPath(path: string): Promise<{ revealed: boolean; folder: string }> {
  const shown = await deps().api.reveal({ path })
  if (!shown.revealed) await browse(shown.folder)
  return shown
}

const REFRESH_SPACING_MS = 1000
let lastRefresh = 0
let refreshTimer: ReturnType<typeof setTimeout> | undefined

/** Rereads the open job when files are published, at most once a second, the last request always honoured. */
export function refreshJobSoon(workDir: string): void {
  // Only the open job is reread: a request for another job would hold the one timer and swallow the open job's.
  const { job } = useStore.getState()
  if (job.status !== 'ready' || job.details.workDir !== workDir) return
  const wait = lastRefresh + REFRESH_SPACING_MS - Date.now()
  if (refreshTimer !== undefined) return
  if (wait <= 0) {
    lastRefresh = Date.now()
    void refreshJob(workDir)
    return
  }
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined
    lastRefresh = Date.now()
    void refreshJob(workDir)
  }, wait)
}

/** Asks once for permission to tell when a job ends; a browser may refuse, and then nothing is shown. */
export function askNotificationPermission(): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'default') return
  Promise.resolve(Notification.requestPermission()).catch(() => undefined)
}

function projectName(workDir: string): string {
  const { jobs, job } = useStore.getState()
  if (job.status === 'ready' && job.details.workDir === workDir && job.details.projectName !== '') return job.details.projectName
  const listed = jobs.status === 'ready' ? jobs.list.find((j) => j.workDir === workDir) : undefined
  return listed?.projectName || baseName(workDir)
}

/** A desktop notification that a job ended; clicking it opens the job. */
export function notifyJobEnded(event: JobEventPayload): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return
  const outcome =
    event.event_type === 'job_complete' ? 'completed' : event.event_type === 'job_cancelled' ? 'was cancelled' : 'ended without completing'
  try {
    const note = new Notification(`${projectName(event.work_dir)} ${outcome}`, { body: event.message, tag: event.work_dir })
    note.onclick = () => {
      window.focus()
      void openWorkDir(event.work_dir)
    }
  } catch {
    // Some hosts allow the permission but not the constructor (service-worker-only notifications).
  }
}
