export { humanBytes } from '../../shared/format'

export function formatCount(n: number): string {
  return n.toLocaleString('en-US')
}

/** A cell value as text: nested values as JSON, 64-bit integers exactly, bytes as a short hex preview. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value
  if (typeof value === 'bigint' || typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof Uint8Array) {
    const hex = [...value.subarray(0, 32)].map((b) => b.toString(16).padStart(2, '0')).join(' ')
    return value.length > 32 ? `${hex} … (${value.length} bytes)` : hex
  }
  return JSON.stringify(toPlain(value))
}

function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Uint8Array) return `<${value.length} bytes>`
  if (Array.isArray(value)) return value.map(toPlain)
  if (value !== null && typeof value === 'object') {
    const v = value as { toJSON?: () => unknown }
    if (value instanceof Map) return Object.fromEntries([...value].map(([k, x]) => [String(k), toPlain(x)]))
    if (typeof v.toJSON === 'function') return toPlain(v.toJSON())
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, toPlain(x)]))
  }
  return value
}
