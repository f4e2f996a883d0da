import type { OpParams, ParamSpec } from '../../../../shared/ops'

export type ParamValue = OpParams[string]

/**
 * What a parameter's field holds once read: a value to write, `undefined` when the key should go
 * so the default applies, or why the text is not a valid value (then nothing is written).
 */
export type ParsedParam = { ok: true; value: ParamValue | undefined } | { ok: false; message: string }

const INTEGER = /^[+-]?\d+$/
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** A parameter that may hold "no value" (Python None): an empty field means none. */
export function acceptsNone(spec: ParamSpec): boolean {
  return spec.default === null || spec.nullable === true
}

function readNumber(spec: ParamSpec, text: string, integer: boolean): { ok: true; value: number } | { ok: false; message: string } {
  if (!DECIMAL.test(text)) return { ok: false, message: 'Not a number.' }
  const value = Number(text)
  if (!Number.isFinite(value)) return { ok: false, message: 'Not a number.' }
  if (integer && !INTEGER.test(text) && !Number.isInteger(value)) return { ok: false, message: 'Not an integer: use a whole number.' }
  if (spec.min !== undefined && value < spec.min) return { ok: false, message: `Below the minimum, ${spec.min}.` }
  if (spec.max !== undefined && value > spec.max) return { ok: false, message: `Above the maximum, ${spec.max}.` }
  return { ok: true, value }
}

/**
 * Reads what was typed into a parameter's field. Empty means "unset" (the default applies), or
 * none for a parameter whose default is a value but that also accepts none. Lists are
 * comma-separated.
 */
export function parseParamText(spec: ParamSpec, text: string): ParsedParam {
  const trimmed = text.trim()
  const empty = spec.type === 'string' ? text === '' : trimmed === ''
  if (empty) return { ok: true, value: spec.nullable === true && spec.default !== null ? null : undefined }
  switch (spec.type) {
    case 'int':
    case 'float': {
      const read = readNumber(spec, trimmed, spec.type === 'int')
      return read.ok ? { ok: true, value: read.value } : read
    }
    case 'bool':
      if (trimmed === 'true' || trimmed === 'false') return { ok: true, value: trimmed === 'true' }
      return { ok: false, message: 'Use true or false.' }
    case 'enum':
      if (spec.choices === undefined || spec.choices.includes(trimmed)) return { ok: true, value: trimmed }
      return { ok: false, message: `Use one of ${spec.choices.join(', ')}.` }
    case 'string':
      return { ok: true, value: text }
    case 'string_list':
      return { ok: true, value: listItems(trimmed) }
    case 'int_list': {
      const values: number[] = []
      for (const item of listItems(trimmed)) {
        const read = readNumber(spec, item, true)
        if (!read.ok) return { ok: false, message: `${item}: ${read.message}` }
        values.push(read.value)
      }
      return { ok: true, value: values }
    }
  }
}

function listItems(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** A value as its field shows it: lists comma-separated, none as empty. */
export function paramText(value: ParamValue | undefined): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value)) return value.join(', ')
  return String(value)
}

/** What an empty field stands for: the default, or none. */
export function paramPlaceholder(spec: ParamSpec, value: ParamValue | undefined): string {
  if (value === null || spec.default === null) return 'none'
  if (Array.isArray(spec.default)) return spec.default.length === 0 ? 'empty list' : spec.default.join(', ')
  if (spec.default === '') return 'empty'
  return String(spec.default)
}

/** Whether the text in a field already says `value`, so an outside change need not replace it. */
export function textMeans(spec: ParamSpec, text: string, value: ParamValue | undefined): boolean {
  const parsed = parseParamText(spec, text)
  return parsed.ok && JSON.stringify(parsed.value ?? null) === JSON.stringify(value ?? null)
}
