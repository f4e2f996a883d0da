import { SieveError } from '../../shared/errors'

/**
 * The models loaded into this thread (module state is per worker thread), by kind and path: each is
 * loaded once, by the first operator that prepares it, and shared by every operator and batch after.
 */
const loading = new Map<string, Promise<unknown>>()
const loaded = new Map<string, unknown>()
let loads = 0

function key(kind: string, path: string): string {
  return `${kind}:${path}`
}

/** Loads a model into this thread unless it is there already; a failed load is forgotten, so a later call tries again. */
export async function prepareModel<T>(kind: string, path: string, load: (path: string) => Promise<T>): Promise<void> {
  const k = key(kind, path)
  if (loaded.has(k)) return
  let pending = loading.get(k)
  if (pending === undefined) {
    loads++
    pending = load(path).then(
      (model) => {
        loaded.set(k, model)
        loading.delete(k)
        return model
      },
      (err: unknown) => {
        loading.delete(k)
        throw err
      }
    )
    loading.set(k, pending)
  }
  await pending
}

/** A model `prepareModel` loaded into this thread. */
export function loadedModel<T>(kind: string, path: string, op: string): T {
  const k = key(kind, path)
  if (!loaded.has(k))
    throw new SieveError('INTERNAL', `${op}: the model ${path} is not loaded; the engine must await the operator's prepare() first.`, { op })
  return loaded.get(k) as T
}

/** How many loads this thread has started (for tests: a model is loaded once per thread, not per batch). */
export function modelLoads(): number {
  return loads
}
