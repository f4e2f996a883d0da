import { constants, type Dirent } from 'node:fs'
import { open, readdir, stat, type FileHandle } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import type { AppInfo, ApiEvents, EventName, Method, Params, Result, Unsubscribe } from '../../shared/api'
import { isMethod } from '../../shared/api'
import type { DirectoryEntry, DirectoryListing } from '../../shared/dataset'
import { SieveError, type Reply } from '../../shared/errors'
import { refusalFor } from '../../shared/remedies'
import {
  DEFAULT_HEAD_ROWS,
  fileError,
  inspectParquetFile,
  readJobDetails,
  readJobEvents,
  readJobSummary,
  readAnalysis,
  findAnalysis,
  compareJobs,
  resumePlan,
  publishText,
  readRecipe,
  recipeFileName,
  exportRecipe,
  listOps,
  loadUsableCustomOps,
  validateParquet,
  checkModels,
  downloadModel,
  howToGet,
  modelSpec,
  ModelStore,
  modelStoreDir,
  type EngineWorker
} from '../../engine'
import { UploadStore } from './uploads'
import { JobsService, type LaunchedJob } from './jobs'
import { KnownJobs, writersOf } from './known-jobs'
import { validateParams } from './validate'

export interface BackendOptions {
  version: string
  /** Where Sieve keeps its own files (uploads, settings). */
  dataDir: string
  /**
   * The model store, when not models/ in dataDir: the desktop app keeps its files in its user-data
   * folder but shares the CLI's store (models/ in SIEVE_HOME), so a model added by either is found by both.
   */
  modelDir?: string
  /** The shipped resources folder (sample dataset and recipe). */
  resourcesDir: string
  engine: EngineWorker
  /** The engine worker entry, for the pools of jobs run by this backend. */
  workerPath: string
  /** Shows a file in the system's file manager; absent where there is none to show it in (a server). */
  reveal?: (path: string) => void
}

export type Carrier = AppInfo['transport']
/** `client` names one caller (a socket, a window) so that what it leaves open can be released with it. */
type Handlers = { [M in Method]: (params: Params<M>, carrier: Carrier, client: string) => Promise<Result<M>> }
type EventListener = <E extends EventName>(event: E, payload: ApiEvents[E]) => void

export const MAX_LISTING = 5000

/** The one implementation of the API; the IPC and WebSocket transports both call `call`. */
export class Backend {
  readonly uploads: UploadStore
  readonly jobs: JobsService
  private readonly known: KnownJobs
  private readonly listeners = new Set<EventListener>()
  /** Models being downloaded now, by name. */
  private readonly fetching = new Set<string>()
  private readonly handlers: Handlers

  /** The model store: the one given, or `models/` in Sieve's own folder. */
  get modelDir(): string {
    return this.options.modelDir ?? modelStoreDir(this.options.dataDir)
  }

  constructor(private readonly options: BackendOptions) {
    this.uploads = new UploadStore(join(options.dataDir, 'uploads'))
    this.known = new KnownJobs(options.dataDir)
    this.jobs = new JobsService(
      options.workerPath,
      {
        onEvent: (workDir, event) => this.emit('job/event', { ...event, work_dir: workDir }),
        onProgress: (workDir, progress) => this.emit('job/progress', { ...progress, work_dir: workDir }),
        onLaunch: (workDir) => this.known.remember(workDir)
      },
      this.modelDir
    )
    this.handlers = {
      'app/info': async (_params, carrier) => this.info(carrier),
      'datasets/inspect': (p) =>
        this.options.engine.run(
          'inspect',
          { path: typeof p.path === 'string' ? resolve(p.path) : p.path.map((one) => resolve(one)), rows: p.rows ?? DEFAULT_HEAD_ROWS },
          `Inspecting ${typeof p.path === 'string' ? p.path : `${p.path.length} paths`}`
        ),
      'fs/list': (p) => listDirectory(p.path ?? homedir(), p.showHidden ?? false),
      'uploads/begin': (p, _carrier, client) => this.uploads.begin(client, p.name, p.size, p.relativePath, p.batch),
      'uploads/chunk': (p) => this.uploads.chunk(p.uploadId, p.offset, p.bytes),
      'uploads/finish': (p) => this.uploads.finish(p.uploadId),
      'uploads/abort': (p) => this.uploads.abort(p.uploadId),
      'ops/list': async (p) => {
        // The palette still offers Sieve's operators, and the custom modules that load, while one is broken.
        const { problems } = await loadUsableCustomOps((p.customOperatorPaths ?? []).map((path) => resolve(path)))
        return problems.length === 0 ? { ops: listOps() } : { ops: listOps(), customOpsError: problems.map((e) => e.message).join('\n') }
      },
      'models/add': async (p) => {
        const added = await new ModelStore(this.modelDir).add(resolve(p.path), p.name, true)
        return { name: added.spec.name, path: added.path, bytes: added.bytes, sha256: added.sha256 }
      },
      'models/fetch': (p) => this.fetchModel(p.name, p.url),
      'recipes/validate': async (p) => {
        const loaded = await readRecipe(
          p.yaml,
          p.baseDir ?? homedir(),
          'recipe',
          p.recipePath !== undefined ? recipeFileName(p.recipePath) : undefined
        )
        checkModels(loaded.recipe.process, new ModelStore(this.modelDir))
        return { recipe: loaded.recipe, notes: loaded.notes }
      },
      'recipes/read': async (p) => ({ yaml: await readRecipeText(resolve(p.path)), baseDir: dirname(resolve(p.path)) }),
      'recipes/export': async (p) => exportRecipe(await readRecipe(p.yaml, p.baseDir ?? homedir(), 'recipe'), p.to),
      'recipes/save': async (p) => {
        const path = resolve(p.path)
        if (!/\.ya?ml$/i.test(path)) {
          throw new SieveError('BAD_REQUEST', `A recipe is saved as a .yaml file; ${path} has another extension. Choose a name ending in .yaml.`, {
            path
          })
        }
        await publishText(dirname(path), path, p.yaml)
        return { path, baseDir: dirname(path) }
      },
      'preview/run': (p) =>
        this.options.engine.run(
          'preview',
          {
            path: resolve(p.path),
            textKey: p.textKey ?? 'text',
            process: p.process.map((o) => ({ name: o.name, params: o.params ?? null })),
            rows: p.rows ?? 1000,
            customOperatorPaths: (p.customOperatorPaths ?? []).map((path) => resolve(path)),
            modelDir: this.modelDir
          },
          'The preview'
        ),
      'jobs/open': async (p) => {
        const summary = await readJobSummary(p.workDir)
        this.known.remember(summary.workDir)
        return summary
      },
      'jobs/start': async (p) => {
        try {
          return started(
            await this.jobs.start({
              yaml: p.yaml,
              baseDir: p.baseDir ?? homedir(),
              ...(p.workDir !== undefined ? { workDir: p.workDir } : {}),
              ...(p.exportPath !== undefined ? { exportPath: p.exportPath } : {}),
              ...(p.np !== undefined ? { np: p.np } : {}),
              ...(p.recipePath !== undefined ? { recipePath: p.recipePath } : {}),
              force: p.force ?? false,
              // The window asks before replacing someone else's output: clearing a work directory does not imply it.
              replaceOutput: p.replaceOutput ?? false
            })
          )
        } catch (err) {
          throw await this.withWriters(err)
        }
      },
      'jobs/list': async () => (await this.known.list()).map((job) => ({ ...job, paused: this.jobs.isPaused(job.workDir) })),
      'jobs/details': async (p) => {
        const details = await readJobDetails(p.workDir, p.hashExport ?? false)
        this.known.remember(details.workDir)
        return { ...details, paused: this.jobs.isPaused(details.workDir) }
      },
      'jobs/forget': async (p) => {
        if (this.jobs.isRunning(p.workDir)) {
          throw new SieveError('BAD_REQUEST', `${resolve(p.workDir)} is running; cancel it before removing it from the list.`, { workDir: p.workDir })
        }
        return { forgotten: this.known.forget(resolve(p.workDir)) }
      },
      'jobs/events': (p) => readJobEvents(p.workDir, p.after, p.limit),
      'jobs/resumePlan': (p) => resumePlan(p.workDir),
      'jobs/resume': async (p) => started(await this.jobs.resume(p.workDir, p.force ?? false)),
      'jobs/restart': async (p) => started(await this.jobs.restart(p.workDir)),
      'jobs/pause': async (p) => this.jobs.pause(p.workDir, p.paused),
      'jobs/cancel': async (p) => this.jobs.cancel(p.workDir),
      'analysis/start': async (p) => {
        const { recipe } = await readRecipe(p.yaml, p.baseDir ?? homedir(), 'recipe')
        return started(
          await this.jobs.startAnalysis(recipe, {
            ...(p.workDir !== undefined ? { workDir: p.workDir } : {}),
            ...(p.np !== undefined ? { np: p.np } : {})
          })
        )
      },
      'analysis/get': (p) => readAnalysis(p.workDir),
      'jobs/compare': (p) => compareJobs(p.a, p.b),
      // Merging every partition's outcome files is work for the engine's thread, not the one answering the window.
      'jobs/outcomes': (p) => this.options.engine.run('outcomes', { workDir: resolve(p.workDir) }, `Merging the filter outcomes of ${p.workDir}`),
      // The known jobs are the index of analyses: every analysis the window started or opened is among them.
      'analysis/find': async (p) =>
        (await findAnalysis((await readRecipe(p.yaml, p.baseDir ?? homedir(), 'recipe')).recipe, this.known.workDirs)) ?? null,
      'app/reveal': async (p) => {
        const path = resolve(p.path)
        if (this.options.reveal === undefined) return { revealed: false, folder: dirname(path) }
        this.options.reveal(path)
        return { revealed: true, folder: dirname(path) }
      },
      'chunks/inspect': (p) => inspectParquetFile(resolve(p.path)),
      'chunks/validate': (p) => validateParquet(resolve(p.path), p.level, this.options.engine, { checkManifest: true }),
      'chunks/readPage': async (p) => ({
        offset: p.offset,
        rows: await this.options.engine.run('readPage', { path: resolve(p.path), offset: p.offset, limit: p.limit }, `Reading rows of ${p.path}`)
      })
    }
  }

  async init(): Promise<void> {
    await this.uploads.init()
    await this.known.init()
  }

  async close(): Promise<void> {
    await this.jobs.close()
    await this.uploads.close()
    await this.options.engine.close()
  }

  /** Runs one request from an untrusted caller. Never throws: failures come back as `{code, message, details}`. */
  async call(method: unknown, params: unknown, carrier: Carrier, client: string = carrier): Promise<Reply<unknown>> {
    try {
      if (!isMethod(method)) {
        throw new SieveError('UNKNOWN_METHOD', `Unknown request '${String(method).slice(0, 100)}'.`)
      }
      const handler = this.handlers[method] as (p: unknown, c: Carrier, client: string) => Promise<unknown>
      const result = await handler(validateParams(method, params), carrier, client)
      return { ok: true, result }
    } catch (err) {
      // The window is this backend's caller: a refusal names the window's buttons and fields, not the CLI's flags.
      if (err instanceof SieveError) return { ok: false, error: refusalFor(err.toJSON(), 'window') }
      const message = err instanceof Error ? err.message : String(err)
      return { ok: false, error: { code: 'INTERNAL', message: `Unexpected failure: ${message}` } }
    }
  }

  /** A caller went away: its unfinished uploads are aborted and their files closed and removed. */
  async releaseClient(client: string): Promise<void> {
    await this.uploads.release(client)
  }

  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    for (const listener of this.listeners) listener(event, payload)
  }

  onEvent(listener: EventListener): Unsubscribe {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** An output refusal says which known job wrote each existing file, so the window can name it. */
  private async withWriters(err: unknown): Promise<unknown> {
    const existing = err instanceof SieveError ? err.details?.existing : undefined
    if (!(err instanceof SieveError) || !Array.isArray(existing)) return err
    const writers = writersOf(await this.known.list(), existing as string[])
    return new SieveError(err.code, err.message, { ...err.details, writers })
  }

  /**
   * Downloads a model into the store from its known sources (or `url`), the first that answers;
   * one download of a name at a time, with its progress pushed as models/progress a few times a second.
   */
  private async fetchModel(name: string, url: string | undefined): Promise<Result<'models/fetch'>> {
    const spec = modelSpec(name)
    const urls = url !== undefined ? [url] : spec.urls
    if (urls.length === 0)
      throw new SieveError('BAD_REQUEST', `There is no download Sieve knows for ${spec.name}: ${howToGet(spec)}.`, { model: spec.name })
    if (this.fetching.has(spec.name)) throw new SieveError('BAD_REQUEST', `${spec.name} is already being downloaded.`, { model: spec.name })
    this.fetching.add(spec.name)
    try {
      let failure: unknown
      for (const from of urls) {
        let last = 0
        try {
          const got = await downloadModel(new ModelStore(this.modelDir), spec, from, (p) => {
            const now = Date.now()
            if (now - last < 250 && p.received !== p.total) return
            last = now
            this.emit('models/progress', { name: spec.name, received: p.received, total: p.total ?? null })
          })
          return { name: spec.name, path: got.path, bytes: got.bytes, sha256: got.sha256 }
        } catch (err) {
          failure = err
        }
      }
      throw failure
    } finally {
      this.fetching.delete(spec.name)
    }
  }

  private info(carrier: Carrier): AppInfo {
    return {
      version: this.options.version,
      transport: carrier,
      platform: process.platform,
      homeDir: homedir(),
      uploadsDir: this.uploads.root,
      sampleDataset: join(this.options.resourcesDir, 'sample', 'gsm8k-sample.jsonl'),
      sampleRecipe: join(this.options.resourcesDir, 'recipes', 'starter.yaml')
    }
  }
}

/** What the API answers to a start: which job, where (how it ends comes as events). */
function started({ workDir, jobId }: LaunchedJob): Result<'jobs/start'> {
  return { workDir, jobId }
}

type Kind = DirectoryEntry['kind']

/** A folder entry's kind, following a symbolic link; pipes, sockets, devices and broken links have none. */
async function kindOf(dir: string, entry: Dirent): Promise<Kind | undefined> {
  if (entry.isDirectory()) return 'directory'
  if (entry.isFile()) return 'file'
  if (!entry.isSymbolicLink()) return undefined
  try {
    const target = await stat(join(dir, entry.name))
    return target.isDirectory() ? 'directory' : target.isFile() ? 'file' : undefined
  } catch {
    return undefined
  }
}

/**
 * The server-side file browser: folders first, then files, each sorted by name. A huge folder shows
 * the first MAX_LISTING in that order (never an arbitrary subset) and says how many there are.
 */
export async function listDirectory(path: string, showHidden: boolean): Promise<DirectoryListing> {
  const dir = resolve(path)
  let dirents: Dirent[]
  try {
    dirents = await readdir(dir, { withFileTypes: true })
  } catch (err) {
    throw fileError(err, dir)
  }
  const kinds = await Promise.all(dirents.map((d) => (showHidden || !d.name.startsWith('.') ? kindOf(dir, d) : undefined)))
  const listed = dirents
    .map((d, i) => ({ name: d.name, kind: kinds[i] }))
    .filter((e): e is { name: string; kind: Kind } => e.kind !== undefined)
    .sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'directory' ? -1 : 1))
  const entries = (
    await Promise.all(
      listed.slice(0, MAX_LISTING).map(async ({ name, kind }): Promise<DirectoryEntry | undefined> => {
        const full = join(dir, name)
        try {
          const s = await stat(full)
          return { name, path: full, kind, sizeBytes: s.size, modifiedMs: s.mtimeMs }
        } catch {
          return undefined
        }
      })
    )
  ).filter((e): e is DirectoryEntry => e !== undefined)
  const parent = dirname(dir)
  return { path: dir, parent: parent === dir ? null : parent, entries, ...(listed.length > MAX_LISTING ? { totalEntries: listed.length } : {}) }
}

/** A recipe is a small YAML text file; anything else (a dataset picked by mistake) is refused before it is read whole. */
const RECIPE_MAX_BYTES = 1 << 20

export async function readRecipeText(path: string): Promise<string> {
  if (!/\.ya?ml$/i.test(path)) {
    throw new SieveError(
      'BAD_REQUEST',
      `${path} is not a recipe: a recipe is a .yaml file (Data-Juicer's format). Choose a file ending in .yaml or .yml.`,
      { path }
    )
  }
  let handle: FileHandle
  try {
    // Non-blocking, so that opening a named pipe does not wait for a writer; what was opened is
    // then checked through its descriptor, so a file swapped after a check cannot slip past it.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (err) {
    throw fileError(err, path)
  }
  let bytes: Buffer
  try {
    const info = await handle.stat()
    if (info.isDirectory()) throw new SieveError('BAD_REQUEST', `${path} is a folder; choose the recipe's .yaml file in it.`, { path })
    if (!info.isFile()) {
      throw new SieveError(
        'BAD_REQUEST',
        `${path} is not a regular file (it is a pipe, socket or device), so it is not a recipe. Choose a .yaml file saved on disk.`,
        { path }
      )
    }
    if (info.size > RECIPE_MAX_BYTES) {
      throw new SieveError(
        'BAD_REQUEST',
        `${path} is ${(info.size / (1 << 20)).toFixed(1)} MB, too large for a recipe (at most 1 MB). Is it a dataset?`,
        { path }
      )
    }
    bytes = await handle.readFile()
  } catch (err) {
    throw err instanceof SieveError ? err : fileError(err, path)
  } finally {
    await handle.close()
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new SieveError('NOT_UTF8', `${path} is not UTF-8 text, so it is not a recipe. Save the recipe as UTF-8.`, { path })
  }
}
