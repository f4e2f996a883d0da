import type { DatasetAnalysis, JobComparison, JobOutcomes } from './analysis'
import type { DirectoryListing, InspectResult } from './dataset'
import type { JobDetails, JobEvent, JobEventPayload, JobProgressPayload, JobSummary, ResumePlan } from './jobs'
import type { OpsListing } from './ops'
import type { Recipe } from './recipe'
import type { PreviewResult } from './preview'
import type { ParquetInfo, ValidationReport } from './parquet'
import { SieveError, type Reply } from './errors'
import type { ApiParams } from './api-schema'

export interface AppInfo {
  version: string
  transport: 'ipc' | 'websocket'
  platform: string
  homeDir: string
  uploadsDir: string
  sampleDataset: string
  sampleRecipe: string
}

export type OpenKind = 'dataset' | 'parquet' | 'workdir' | 'recipe'

/** A model file now in the model store. */
export interface StoredModelResult {
  name: string
  path: string
  bytes: number
  sha256: string
}

/** How far a model download has come. */
export interface ModelProgress {
  name: string
  received: number
  total: number | null
}

/** Every request of the API: `domain/verb` → its params and result. */
export interface ApiMethods {
  'app/info': { params: ApiParams['app/info']; result: AppInfo }
  /** A file, a folder, or several of them (files dropped together) as one dataset. */
  'datasets/inspect': { params: ApiParams['datasets/inspect']; result: InspectResult }
  'fs/list': { params: ApiParams['fs/list']; result: DirectoryListing }
  'uploads/begin': { params: ApiParams['uploads/begin']; result: { uploadId: string; batch: string } }
  'uploads/chunk': { params: ApiParams['uploads/chunk']; result: { received: number } }
  'uploads/finish': { params: ApiParams['uploads/finish']; result: { path: string; batchDir: string } }
  'uploads/abort': { params: ApiParams['uploads/abort']; result: { aborted: boolean } }
  /** Sieve's operators with the custom ones the paths name; a module that fails is reported, not fatal to the list. */
  'ops/list': { params: ApiParams['ops/list']; result: OpsListing }
  /** Copies a model file into the model store under a model's name (checked to be that kind of model). */
  'models/add': { params: ApiParams['models/add']; result: StoredModelResult }
  /** Downloads a model into the store (from Data-Juicer's link, or `url`); progress arrives as models/progress. */
  'models/fetch': { params: ApiParams['models/fetch']; result: StoredModelResult }
  /** Checks recipe YAML; problems come back as BAD_REQUEST with details {keyPath, line, suggestion}. */
  'recipes/validate': { params: ApiParams['recipes/validate']; result: { recipe: Recipe; notes: string[] } }
  /** A recipe file's text, and the folder its relative paths are taken from. */
  'recipes/read': { params: ApiParams['recipes/read']; result: { yaml: string; baseDir: string } }
  /** A recipe in Data-Juicer's YAML, or for its partitioned Ray executor. */
  'recipes/export': { params: ApiParams['recipes/export']; result: { yaml: string; warnings: string[] } }
  /** Writes a recipe file (replaced atomically); its relative paths are then taken from its folder. */
  'recipes/save': { params: ApiParams['recipes/save']; result: { path: string; baseDir: string } }
  /** A chain of operators on the first rows of a dataset, for the recipe builder. */
  'preview/run': { params: ApiParams['preview/run']; result: PreviewResult }
  'jobs/open': { params: ApiParams['jobs/open']; result: JobSummary }
  /**
   * Runs a recipe (YAML) as a job in the backend; progress and events arrive as job/progress and job/event.
   * An existing output that is not this job's is refused (details.existing, and details.writers: the
   * known job that wrote each, when there is one) unless `replaceOutput`.
   */
  'jobs/start': { params: ApiParams['jobs/start']; result: { workDir: string; jobId: string } }
  'jobs/list': { params: ApiParams['jobs/list']; result: JobSummary[] }
  /**
   * Partitions with attempts, checkpoints and result files, per-operator totals, performance: for the
   * monitor and the report; `hashExport` hashes every export file to tell whether it is what the job wrote.
   */
  'jobs/details': { params: ApiParams['jobs/details']; result: JobDetails }
  /** Drops a job from the list; its work directory and files are left as they are. */
  'jobs/forget': { params: ApiParams['jobs/forget']; result: { forgotten: boolean } }
  /** Lines [after, after + limit) of the job's event log; `next` is where to continue. */
  'jobs/events': { params: ApiParams['jobs/events']; result: { events: JobEvent[]; next: number } }
  /** What Resume would do (verified, to redo, to retry) and what changed since the plan, before it runs. */
  'jobs/resumePlan': { params: ApiParams['jobs/resumePlan']; result: ResumePlan }
  'jobs/resume': { params: ApiParams['jobs/resume']; result: { workDir: string; jobId: string } }
  /** Plans the job again from its recorded recipe, clearing the work directory: "start fresh". */
  'jobs/restart': { params: ApiParams['jobs/restart']; result: { workDir: string; jobId: string } }
  /** Paused: no new partition starts; running ones finish their stage. */
  'jobs/pause': { params: ApiParams['jobs/pause']; result: { paused: boolean } }
  'jobs/cancel': { params: ApiParams['jobs/cancel']; result: { cancelled: boolean } }
  /**
   * Analyzes a recipe's dataset (every filter's stat over every row) as a job in `analysis/` of its
   * work directory; progress, events and cancel as for any job (jobs/cancel with the workDir returned).
   */
  'analysis/start': { params: ApiParams['analysis/start']; result: { workDir: string; jobId: string } }
  /** Two finished jobs side by side: funnel per operator, rows, time, and the stats of their outputs (when their results keep them). */
  'jobs/compare': { params: ApiParams['jobs/compare']; result: JobComparison }
  /**
   * After a run: each filter's stat among the rows it kept and the rows it dropped, with examples of
   * the dropped; merged from the partitions' outcomes on first request and kept in `outcomes.json`.
   */
  'jobs/outcomes': { params: ApiParams['jobs/outcomes']; result: JobOutcomes }
  /** The finished analysis of an analysis job's work directory (or of a recipe's work directory). */
  'analysis/get': { params: ApiParams['analysis/get']; result: DatasetAnalysis }
  /** The finished analysis of this recipe's dataset as it is now, by its filters' stats; null when there is none yet. */
  'analysis/find': { params: ApiParams['analysis/find']; result: { workDir: string; analysis: DatasetAnalysis } | null }
  /** Shows a file in the system's file manager; where there is none (a browser), says which folder holds it. */
  'app/reveal': { params: ApiParams['app/reveal']; result: { revealed: boolean; folder: string } }
  'chunks/inspect': { params: ApiParams['chunks/inspect']; result: ParquetInfo }
  'chunks/validate': { params: ApiParams['chunks/validate']; result: ValidationReport }
  /** Rows [offset, offset + limit) of a Parquet file, as Arrow IPC bytes. */
  'chunks/readPage': { params: ApiParams['chunks/readPage']; result: { offset: number; rows: Uint8Array } }
}

/** Every event the backend pushes. */
export interface ApiEvents {
  /** The application menu asked to open something (Electron only). */
  'app/open': { kind: OpenKind; path: string }
  'job/progress': JobProgressPayload
  'job/event': JobEventPayload
  'models/progress': ModelProgress
}

export type Method = keyof ApiMethods
export type EventName = keyof ApiEvents
export type Params<M extends Method> = ApiMethods[M]['params']
export type Result<M extends Method> = ApiMethods[M]['result']
export type Unsubscribe = () => void

/** The named functions of the API, as the renderer calls them. */
export const API_FUNCTIONS = {
  getAppInfo: 'app/info',
  inspectDataset: 'datasets/inspect',
  listDirectory: 'fs/list',
  beginUpload: 'uploads/begin',
  writeUploadChunk: 'uploads/chunk',
  finishUpload: 'uploads/finish',
  abortUpload: 'uploads/abort',
  listOps: 'ops/list',
  addModel: 'models/add',
  fetchModel: 'models/fetch',
  validateRecipe: 'recipes/validate',
  readRecipe: 'recipes/read',
  exportRecipe: 'recipes/export',
  saveRecipe: 'recipes/save',
  runPreview: 'preview/run',
  openJob: 'jobs/open',
  startJob: 'jobs/start',
  listJobs: 'jobs/list',
  jobDetails: 'jobs/details',
  forgetJob: 'jobs/forget',
  jobEvents: 'jobs/events',
  resumePlan: 'jobs/resumePlan',
  resumeJob: 'jobs/resume',
  restartJob: 'jobs/restart',
  pauseJob: 'jobs/pause',
  cancelJob: 'jobs/cancel',
  startAnalysis: 'analysis/start',
  getAnalysis: 'analysis/get',
  findAnalysis: 'analysis/find',
  compareJobs: 'jobs/compare',
  jobOutcomes: 'jobs/outcomes',
  reveal: 'app/reveal',
  inspectChunk: 'chunks/inspect',
  validateChunk: 'chunks/validate',
  readChunkPage: 'chunks/readPage'
} as const satisfies Record<string, Method>

export const API_EVENTS = {
  onAppOpen: 'app/open',
  onJobProgress: 'job/progress',
  onJobEvent: 'job/event',
  onModelProgress: 'models/progress'
} as const satisfies Record<string, EventName>

type FunctionTable = typeof API_FUNCTIONS
type EventTable = typeof API_EVENTS

export const METHODS = Object.values(API_FUNCTIONS) as Method[]
export const EVENT_NAMES = Object.values(API_EVENTS) as EventName[]

export function isMethod(value: unknown): value is Method {
  return typeof value === 'string' && (METHODS as string[]).includes(value)
}

/** What the renderer programs against, whichever transport carries it. Failures throw `SieveError`. */
export type SieveApi = {
  [F in keyof FunctionTable]: (params: Params<FunctionTable[F]>) => Promise<Result<FunctionTable[F]>>
} & {
  [E in keyof EventTable]: (listener: (payload: ApiEvents[EventTable[E]]) => void) => Unsubscribe
}

/**
 * What the Electron preload exposes as `window.sieve`: the same named functions, answering with a
 * `Reply` envelope (an Error thrown across contextBridge loses its code and details), plus the
 * path of a dropped file.
 */
export type SieveBridge = {
  [F in keyof FunctionTable]: (params: Params<FunctionTable[F]>) => Promise<Reply<Result<FunctionTable[F]>>>
} & {
  [E in keyof EventTable]: (listener: (payload: ApiEvents[EventTable[E]]) => void) => Unsubscribe
} & {
  pathForFile: (file: File) => string
}

/** A way to carry requests and events: Electron IPC or the WebSocket of `sieve serve`. */
export interface Transport {
  call(method: Method, params: unknown): Promise<Reply<unknown>>
  subscribe(event: EventName, listener: (payload: unknown) => void): Unsubscribe
}

/** Builds the named-function API over any transport; used by the renderer and by tests. */
export function createApi(transport: Transport): SieveApi {
  const api: Record<string, unknown> = {}
  for (const [name, method] of Object.entries(API_FUNCTIONS)) {
    api[name] = async (params: unknown) => {
      const reply = await transport.call(method, params)
      if (reply.ok) return reply.result
      throw new SieveError(reply.error.code, reply.error.message, reply.error.details)
    }
  }
  for (const [name, event] of Object.entries(API_EVENTS)) {
    api[name] = (listener: (payload: unknown) => void) => transport.subscribe(event, listener)
  }
  return api as SieveApi
}

/** The transport's half of a bridge: each named function forwards to `call`, each `on…` to `subscribe`. */
export function createBridgeFunctions(transport: Transport): Omit<SieveBridge, 'pathForFile'> {
  const bridge: Record<string, unknown> = {}
  for (const [name, method] of Object.entries(API_FUNCTIONS)) {
    bridge[name] = (params: unknown) => transport.call(method, params)
  }
  for (const [name, event] of Object.entries(API_EVENTS)) {
    bridge[name] = (listener: (payload: unknown) => void) => transport.subscribe(event, listener)
  }
  return bridge as Omit<SieveBridge, 'pathForFile'>
}

/** Turns a bridge back into a transport, so the renderer builds its API the same way for IPC and WebSocket. */
export function transportFromBridge(bridge: Omit<SieveBridge, 'pathForFile'>): Transport {
  const byMethod = new Map<string, (params: unknown) => Promise<Reply<unknown>>>()
  for (const [name, method] of Object.entries(API_FUNCTIONS)) {
    byMethod.set(method, (bridge as unknown as Record<string, (p: unknown) => Promise<Reply<unknown>>>)[name]!)
  }
  const byEvent = new Map<string, (listener: (payload: unknown) => void) => Unsubscribe>()
  for (const [name, event] of Object.entries(API_EVENTS)) {
    byEvent.set(event, (bridge as unknown as Record<string, (l: (p: unknown) => void) => Unsubscribe>)[name]!)
  }
  return {
    call: (method, params) => byMethod.get(method)!(params),
    subscribe: (event, listener) => byEvent.get(event)!(listener)
  }
}
