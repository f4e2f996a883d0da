import { createStore } from 'zustand/vanilla'
import type { JobProgressPayload } from '../../../shared/jobs'

/** The latest progress of each running job, by work directory; read through `subscribe`, never by re-rendering the tree. */
export const jobProgress = createStore<Record<string, JobProgressPayload>>()(() => ({}))
