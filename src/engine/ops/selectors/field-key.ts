import { SieveError } from '../../../shared/errors'

/**
 * A field value as Data-Juicer's selectors group and match it: a string, a number (a boolean counts
 * as 1 or 0, as in Python) or nothing, written as one key string that keeps strings and numbers
 * apart ('s:3' is not 'n:3'). A list or a mapping is an error, as Data-Juicer asserts.
 */
export function scalarKey(op: string, field: string, value: unknown): string {
  if (value === null || value === undefined) return 'null'
  if (typeof value === 'string') return `s:${value}`
  if (typeof value === 'number') return `n:${value}`
  if (typeof value === 'boolean') return `n:${value ? 1 : 0}`
  throw new SieveError('BAD_REQUEST', `${op}: the values of '${field}' must be strings, numbers or empty; one is a list or a mapping.`, { op, field })
}

/** Positions 0..total-1 that are not kept, in order, as one chunk (a selection of field values holds them anyway). */
export function dropAllBut(total: number, kept: Uint8Array): Float64Array[] {
  const drop: number[] = []
  for (let i = 0; i < total; i++) if (!kept[i]) drop.push(i)
  return [Float64Array.from(drop)]
}
