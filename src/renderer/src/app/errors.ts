import { SieveError, type ApiErrorShape } from '../../../shared/errors'

export function asApiError(err: unknown): ApiErrorShape {
  if (err instanceof SieveError) return err.toJSON()
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) }
}
