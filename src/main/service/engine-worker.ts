import bundledWorkerPath from '../../engine/worker?modulePath'
import { InteractiveEngine, type EngineWorker } from '../../engine'

/** The engine's worker entry, for jobs that start a pool of their own. */
export const workerPath = bundledWorkerPath

/** The engine worker as bundled by electron-vite: a separate chunk under out/main/chunks. */
export function createEngineWorker(): EngineWorker {
  return new InteractiveEngine({ workerPath, timeoutMs: 60_000 })
}
