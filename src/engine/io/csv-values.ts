import { Float64, Int64, Utf8, type DataType } from 'apache-arrow'
import { exactNumber } from './json-value'

/** CSV headers may repeat or be blank; column names must be unique and non-empty: a, a_2, column_3. */
export function uniqueCsvNames(header: string[]): string[] {
  const seen = new Set<string>()
  return header.map((raw, i) => {
    const base = raw.trim() === '' ? `column_${i + 1}` : raw
    let name = base
    for (let n = 2; seen.has(name); n++) name = `${base}_${n}`
    seen.add(name)
    return name
  })
}

/**
 * A CSV cell is a number only when it is spelled as JSON spells one (no '+', no leading zero, no
 * bare '.') and the column's type holds it exactly, so "02130", "+15551234560" or a 25-digit id
 * stay text and a number is written back as it was read.
 */
const PLAIN_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/
const PLAIN_INTEGER = /^-?(0|[1-9]\d*)$/
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

export function csvInteger(cell: string): bigint | undefined {
  if (!PLAIN_INTEGER.test(cell)) return undefined
  const value = BigInt(cell)
  return value >= INT64_MIN && value <= INT64_MAX ? value : undefined
}

export function csvFloat(cell: string): number | undefined {
  if (!PLAIN_NUMBER.test(cell)) return undefined
  const value = exactNumber(cell)
  return typeof value === 'number' ? value : undefined
}

/** Int64 when every non-empty cell is an integer, Float64 when every one is a number, else Utf8. */
export function csvColumnType(cells: string[]): DataType {
  const values = cells.filter((c) => c !== '')
  if (values.length === 0) return new Utf8()
  if (values.every((c) => csvInteger(c) !== undefined)) return new Int64()
  if (values.every((c) => csvFloat(c) !== undefined)) return new Float64()
  return new Utf8()
}
