import type { JobEventPayload, JobProgressPayload } from '../../../shared/jobs'

/** Live state of running jobs, fed by pushed events; kept apart from the main store so progress does not re-render the tree. */
export function recordJobEvent(_event: JobEventPayload): void {}

export function recordJobProgress(_progress: JobProgressPayload): void {}
