import { useEffect, useMemo } from 'react'
import { useStore } from 'zustand'
import type { JobDetails } from '../../../../shared/jobs'
import { closeJob, refreshJob, askNotificationPermission } from '../../features/jobs/job-actions'
import { jobLive, loadEventHistory, pollEventLog, pushedRecently } from '../../features/jobs/job-live'
import { isEnded, shownStatus, stoppedShort } from '../../features/jobs/job-live-model'
import { reachedProgress } from '../../../../shared/job-figures'
import { JobProgressBar } from '../JobProgressBar'
import { EventLog } from './EventLog'
import { JobControls } from './JobControls'
import { JobReport } from './JobReport'
import { jobName } from './job-format'
import { LiveStats } from './LiveStats'
import { OperatorFunnel } from './OperatorFunnel'
import { PartitionGrid } from './PartitionGrid'
import { PublishedChunks } from './PublishedChunks'
import { ReachedPanel } from './ReachedPanel'
import { ResumeNote } from './ResumeNote'
import { StatusBadge } from './StatusBadge'
import { ThroughputChart } from './ThroughputChart'
import './jobs.css'

const POLL_MS = 2000
const STALE_PUSH_MS = 10_000
/** Ticks of POLL_MS between two reads of a pushing job's work directory. */
const DETAILS_EVERY = 3

/** The open job's monitor: header and controls, live progress or the report, partitions, operators, throughput, events and published files. */
export function JobMonitorView({ details, refreshError }: { details: JobDetails; refreshError: string | undefined }): React.JSX.Element {
  const workDir = details.workDir
  // Pushed progress knows first that a job ended or started again; the work directory catches up on the next read.
  // A pushed "running" that has gone quiet (the backend died) gives way to what the work directory says.
  const pushed = useStore(jobLive, (s) => s[workDir]?.progress?.status)
  const pushedPaused = useStore(jobLive, (s) => s[workDir]?.progress?.paused)
  const status = pushed !== undefined && (pushed !== 'running' || pushedRecently(workDir, STALE_PUSH_MS)) ? pushed : details.status
  const running = status === 'running'
  const shown = shownStatus(status, pushedPaused ?? details.paused)
  const name = jobName(details)

  useEffect(() => {
    askNotificationPermission()
    void loadEventHistory(workDir)
  }, [workDir])

  // A job that another process runs (`sieve run`) pushes nothing here: its log and manifest are read instead.
  // One this backend runs is reread now and then too, since a partition between stages sends no event.
  useEffect(() => {
    if (!running) return
    let ticks = 0
    const timer = setInterval(() => {
      ticks++
      if (!pushedRecently(workDir, POLL_MS * 1.5)) {
        void pollEventLog(workDir).catch(() => undefined)
        void refreshJob(workDir)
      } else if (ticks % DETAILS_EVERY === 0) void refreshJob(workDir)
    }, POLL_MS)
    return () => clearInterval(timer)
  }, [workDir, running])

  const recorded = useMemo(() => reachedProgress(details.partitionDetails, details.stages), [details.partitionDetails, details.stages])

  return (
    <section className="monitor" aria-label="Job">
      <header className="monitor-head">
        <div className="monitor-title">
          <div className="row">
            <h1 className="view-title" title={name}>
              {name}
            </h1>
            <StatusBadge status={shown} testId="job-status" />
          </div>
          <div className="mono small muted clip-text" title={workDir}>
            {workDir}
          </div>
        </div>
        <div className="row">
          <JobControls workDir={workDir} name={name} status={status} />
          <button type="button" aria-label="Refresh the job" onClick={() => void refreshJob(workDir)}>
            Refresh
          </button>
          <button type="button" aria-label="Close the job" onClick={closeJob}>
            Close
          </button>
        </div>
      </header>
      {refreshError !== undefined && (
        <p className="notice small" role="status">
          Could not reread the work directory ({refreshError}); what is shown is from before. It is read again in a few seconds, or with Refresh.
        </p>
      )}
      <ResumeNote status={status} />
      {running && (
        <div className="live-block">
          <JobProgressBar workDir={workDir} recorded={recorded} />
          <LiveStats workDir={workDir} startedAt={details.startedAt} />
        </div>
      )}
      {isEnded(status) && <JobReport details={details} />}
      {stoppedShort(status) && <ReachedPanel details={details} />}
      <div className="monitor-grid">
        <div className="monitor-column">
          <PartitionGrid details={details} running={running} />
          <OperatorFunnel details={details} running={running} />
        </div>
        <div className="monitor-column">
          <ThroughputChart
            workDir={workDir}
            running={running}
            history={details.stageRowsOverTime}
            stages={details.stages}
            finalRate={running ? null : (details.performance?.rowsPerS ?? null)}
          />
          <EventLog workDir={workDir} />
        </div>
      </div>
      <PublishedChunks details={details} />
    </section>
  )
}
