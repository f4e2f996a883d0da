import bundledWorkerPath from '../../engine/worker?modulePath'
import { InteractiveEngine } from '../../engine/interactive-engine'
import type { EngineWorker } from '../../engine/worker-client'

/** The engine's worker entry, for jobs that start a pool of their own. */
export const workerPath = bundledWorkerPath

/** The engine worker as bundled by electron-vite: a separate chunk under out/main/chunks. */
export function createEngineWorker(): EngineWorker {
  return new InteractiveEngine({ workerPath, timeoutMs: 60_000 })
}
