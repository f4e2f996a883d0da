import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import type { ApiEvents, EventName, Method, Params, Result } from '../../shared/api'
import type { ApiErrorShape } from '../../shared/errors'
import type { JobProgressPayload } from '../../shared/jobs'
import { EngineWorker } from '../../engine/worker-client'
import { REPO_ROOT, scratchDir, TEST_WORKER } from '../../engine/testing'
import { Backend, type BackendOptions } from './backend'

/** A backend as the window reaches it (over the WebSocket transport), with what it pushed, for API tests. */
export interface TestBackend {
  scratch: { path: string; remove: () => void }
  backend(): Backend
  progress: JobProgressPayload[]
  events: ApiEvents['job/event'][]
  call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>
  /** The error a call that must fail gives. */
  refused<M extends Method>(method: M, params: Params<M>): Promise<ApiErrorShape>
  /** Waits for the job this backend runs in `workDir` to end, and tells how it ended. */
  ended(workDir: string): Promise<string>
}

/** A fresh backend in a scratch folder, made before the file's tests and closed after them. */
export function useTestBackend(name: string, options: Partial<BackendOptions> = {}): TestBackend {
  const scratch = scratchDir(name)
  let backend: Backend | undefined
  const progress: JobProgressPayload[] = []
  const events: ApiEvents['job/event'][] = []
  const running = (): Backend => {
    if (backend === undefined) throw new Error('the test backend is used before beforeAll made it')
    return backend
  }

  beforeAll(() => {
    backend = createTestBackend(join(scratch.path, 'data'), options)
    backend.onEvent(<E extends EventName>(event: E, payload: ApiEvents[E]) => {
      if (event === 'job/progress') progress.push(payload as JobProgressPayload)
      if (event === 'job/event') events.push(payload as ApiEvents['job/event'])
    })
    return backend.init()
  })
  afterAll(async () => {
    await backend?.close()
    scratch.remove()
  })

  const call = async <M extends Method>(method: M, params: Params<M>): Promise<Result<M>> => {
    const reply = await running().call(method, params, 'websocket')
    if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`)
    return reply.result as Result<M>
  }
  const refused = async <M extends Method>(method: M, params: Params<M>): Promise<ApiErrorShape> => {
    const reply = await running().call(method, params, 'websocket')
    if (reply.ok) throw new Error(`${method} succeeded`)
    return reply.error
  }
  const ended = async (workDir: string): Promise<string> => {
    await until(() => (running().jobs.isRunning(workDir) ? undefined : true))
    return (await call('jobs/details', { workDir })).status
  }
  return { scratch, backend: running, progress, events, call, refused, ended }
}

/** A backend on the test worker, its data under `dataDir`. */
export function createTestBackend(dataDir: string, options: Partial<BackendOptions> = {}): Backend {
  return new Backend({
    version: 'test',
    dataDir,
    resourcesDir: join(REPO_ROOT, 'resources'),
    engine: new EngineWorker({ workerPath: TEST_WORKER, timeoutMs: 60_000 }),
    workerPath: TEST_WORKER,
    ...options
  })
}

/** Polls `probe` until it gives a value, or fails after `ms`. */
export async function until<T>(probe: () => Promise<T | undefined> | T | undefined, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** A call's result, or the message it was refused with: for tests that check both outcomes of one call. */
export type Answer<M extends Method> = { ok: true; result: Result<M> } | { ok: false; message: string }

export async function answerOf<M extends Method>(backend: Backend, method: M, params: Params<M>): Promise<Answer<M>> {
  const r = await backend.call(method, params, 'websocket')
  return r.ok ? { ok: true, result: r.result as Result<M> } : { ok: false, message: r.error.message }
}
