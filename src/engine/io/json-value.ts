/**
 * JSON records read exactly. JSON.parse rounds a number to the nearest double and keeps a lone
 * surrogate that UTF-8 cannot store; Sieve reads a record so that every value it keeps is the
 * value the file holds, or says why it cannot.
 */

/** A JSON number no JS number holds exactly (beyond 64-bit integers, beyond a double's range or digits), kept as its text. */
export class ExactNumber {
  constructor(readonly text: string) {}
}

/**
 * The deepest record (the record itself is level 1) whose schema the Parquet writer accepts: its
 * Arrow IPC reader refuses a schema nested deeper (DepthLimitReached), found by running jobs.
 */
export const MAX_DEPTH = 61

export type ParsedJson = { value: unknown } | { reason: string }

/**
 * Text that may hold a number JSON.parse would round: a value (after ':', ',' or '[') of 16 or
 * more digits (dots allowed) or with an exponent of three digits. Matches inside strings too,
 * which only costs the exact parse; tested only on records that hold a number at all.
 */
const MAY_ROUND = /[:,[]\s*-?(?:\d[\d.]{15}|[\d.]+[eE][+-]?\d{3})/

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/**
 * One JSON text parsed exactly: integers beyond 2^53 as bigint (ExactNumber beyond 64 bits),
 * any other number a double would change as ExactNumber. A record nested deeper than MAX_DEPTH
 * or holding a lone surrogate is refused with the reason.
 */
export function parseJson(text: string): ParsedJson {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    return { reason: `not valid JSON: ${(err as Error).message}` }
  }
  const seen = { numbers: false }
  const problem = check(value, 1, seen)
  if (problem !== undefined) return { reason: problem }
  if (seen.numbers && MAY_ROUND.test(text)) value = new ExactParser(text).parse()
  return { value }
}

/** Depth and strings of a parsed value, noting whether it holds numbers; recursion stops at MAX_DEPTH + 1, so any depth is safe. */
function check(value: unknown, depth: number, seen: { numbers: boolean }): string | undefined {
  if (typeof value === 'string') return value.isWellFormed() ? undefined : loneSurrogate(value)
  if (typeof value === 'number') seen.numbers = true
  if (value === null || typeof value !== 'object') return undefined
  if (depth > MAX_DEPTH) return `nested more than ${MAX_DEPTH} levels deep; Sieve stores records nested at most ${MAX_DEPTH} levels`
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = check(item, depth + 1, seen)
      if (problem !== undefined) return problem
    }
    return undefined
  }
  for (const [key, item] of Object.entries(value)) {
    if (!key.isWellFormed()) return loneSurrogate(key)
    const problem = check(item, depth + 1, seen)
    if (problem !== undefined) return problem
  }
  return undefined
}

function loneSurrogate(text: string): string {
  const at = [...text].findIndex((c) => c.length === 1 && c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff)
  const code = [...text][at]!.charCodeAt(0).toString(16)
  return `a string holds a lone surrogate (\\u${code}), which is not a character and cannot be stored as UTF-8`
}

/** The decimal value a number's text denotes, in one spelling: sign, significant digits, exponent. */
function canonicalDecimal(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (m === null) return text
  const fraction = m[3] ?? ''
  let digits = (m[2]! + fraction).replace(/^0+/, '')
  if (digits === '') return '0'
  let exponent = Number(m[4] ?? 0) - fraction.length
  const trimmed = digits.replace(/0+$/, '')
  exponent += digits.length - trimmed.length
  digits = trimmed
  return `${m[1]}${digits}e${exponent}`
}

/** A number token as the JS value that holds it exactly. */
export function exactNumber(text: string): number | bigint | ExactNumber {
  const n = Number(text)
  if (/^-?\d+$/.test(text)) {
    if (Number.isSafeInteger(n)) return n
    const big = BigInt(text)
    return big >= INT64_MIN && big <= INT64_MAX ? big : new ExactNumber(text)
  }
  // A double holds the number when the shortest text that reads back as it denotes the same decimal.
  return Number.isFinite(n) && canonicalDecimal(String(n)) === canonicalDecimal(text) ? n : new ExactNumber(text)
}

/** A parser for text JSON.parse already accepted, so it checks nothing but keeps every number exact. */
class ExactParser {
  private at = 0
  constructor(private readonly text: string) {}

  parse(): unknown {
    this.space()
    return this.value()
  }

  private space(): void {
    const t = this.text
    while (this.at < t.length) {
      const c = t.charCodeAt(this.at)
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break
      this.at++
    }
  }

  private value(): unknown {
    const c = this.text[this.at]!
    if (c === '{') return this.object()
    if (c === '[') return this.array()
    if (c === '"') return this.string()
    if (c === 't') return this.literal('true', true)
    if (c === 'f') return this.literal('false', false)
    if (c === 'n') return this.literal('null', null)
    const number = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y
    number.lastIndex = this.at
    const token = number.exec(this.text)![0]
    this.at += token.length
    return exactNumber(token)
  }

  private literal<T>(word: string, value: T): T {
    this.at += word.length
    return value
  }

  private string(): string {
    const t = this.text
    let end = this.at + 1
    for (;;) {
      const c = t.charCodeAt(end)
      if (c === 0x22) break
      end += c === 0x5c ? 2 : 1
    }
    const value = JSON.parse(t.slice(this.at, end + 1)) as string
    this.at = end + 1
    return value
  }

  private array(): unknown[] {
    const out: unknown[] = []
    this.at++
    this.space()
    if (this.text[this.at] === ']') {
      this.at++
      return out
    }
    for (;;) {
      this.space()
      out.push(this.value())
      this.space()
      if (this.text[this.at++] === ']') return out
    }
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    this.at++
    this.space()
    if (this.text[this.at] === '}') {
      this.at++
      return out
    }
    for (;;) {
      this.space()
      const key = this.string()
      this.space()
      this.at++
      this.space()
      // An own property even for '__proto__', as JSON.parse makes it.
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true })
      this.space()
      if (this.text[this.at++] === '}') return out
    }
  }
}

/**
 * JSON text of a plain value, exactly: bigint and ExactNumber as their digits, a non-finite
 * float (only Parquet or Arrow inputs hold one) as the string "NaN", "Infinity" or "-Infinity",
 * since JSON has no number for it.
 */
export function jsonText(value: unknown): string {
  if (value === null || value === undefined) return 'null'
  switch (typeof value) {
    case 'bigint':
      return value.toString()
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value))
    case 'string':
    case 'boolean':
      return JSON.stringify(value)
    default:
      break
  }
  if (value instanceof ExactNumber) return value.text
  if (value instanceof Uint8Array) return JSON.stringify(Buffer.from(value).toString('base64'))
  if (Array.isArray(value)) return `[${value.map(jsonText).join(',')}]`
  if (value instanceof Map) return `{${[...value].map(([k, v]) => `${JSON.stringify(String(k))}:${jsonText(v)}`).join(',')}}`
  return `{${Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`)
    .join(',')}}`
}
