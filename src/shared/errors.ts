/** Stable error codes that cross the API; the UI and the CLI show `message`, scripts match on `code`. */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'UNKNOWN_METHOD'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'PERMISSION_DENIED'
  | 'IS_A_DIRECTORY'
  | 'NOT_A_DIRECTORY'
  | 'EMPTY_FILE'
  | 'EMPTY_FOLDER'
  | 'UNKNOWN_FORMAT'
  | 'NOT_UTF8'
  | 'MALFORMED'
  | 'LINE_TOO_LONG'
  | 'UNREADABLE'
  | 'WRITE_FAILED'
  | 'ENCRYPTED'
  | 'DISK_FULL'
  | 'OUT_OF_MEMORY'
  | 'TIMEOUT'
  | 'INTERNAL'

export interface ApiErrorShape {
  code: ErrorCode
  message: string
  details?: Record<string, unknown>
}

/** The one error type of Sieve: thrown by the engine and the backend, rebuilt on the client side. */
export class SieveError extends Error implements ApiErrorShape {
  readonly code: ErrorCode
  readonly details?: Record<string, unknown>

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'SieveError'
    this.code = code
    if (details !== undefined) this.details = details
  }

  toJSON(): ApiErrorShape {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details }
  }
}

export function isApiErrorShape(value: unknown): value is ApiErrorShape {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && typeof v.message === 'string'
}

export type Reply<T> = { ok: true; result: T } | { ok: false; error: ApiErrorShape }
