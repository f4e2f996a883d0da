/** The pieces of the Python-to-JS regex translation that know no parser state: character classes, escapes, flags. */

export class PythonRegexError extends Error {}

export interface Flags {
  i: boolean
  m: boolean
  s: boolean
  x: boolean
  a: boolean
}

export const WORD = '\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}'
export const WORD_ASCII = 'A-Za-z0-9_'
export const SPACE = '\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
export const SPACE_ASCII = '\\t-\\r '

/** Characters escaped outside a class (JS syntax characters). */
export const SYNTAX = new Set('^$\\.*+?()[]{}|/')
/** Characters escaped inside a `v`-mode class (syntax and reserved double punctuators). */
export const CLASS_SYNTAX = new Set('^$\\.*+?()[]{}|/&-!#%,:;<=>@`~')
export const VERBOSE_SPACE = new Set(' \t\n\r\v\f')

export type Piece =
  { kind: 'char'; cp: number } | { kind: 'set'; inClass: string; out: string } | { kind: 'assert'; text: string } | { kind: 'ref'; text: string }

export interface Atom {
  text: string
  /** 0: can take a quantifier; 1: already quantified; 2: an assertion or nothing. */
  state: 0 | 1 | 2
}

export interface PythonRegex {
  regex: RegExp
  /** JS group index of each Python group (index 0 is the whole match). */
  groups: number[]
  names: Map<string, number>
  groupCount: number
}

export function hex(cp: number): string {
  return cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\u{${cp.toString(16)}}`
}

export function literal(cp: number): string {
  const ch = String.fromCodePoint(cp)
  if (SYNTAX.has(ch)) return `\\${ch}`
  if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) return hex(cp)
  return ch
}

export function classChar(cp: number): string {
  const ch = String.fromCodePoint(cp)
  if (CLASS_SYNTAX.has(ch)) return `\\${ch}`
  if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) return hex(cp)
  return ch
}

export function isOctal(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '7'
}

export function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9'
}

export const QUANTIFIER_AT = /^\{(\d*)(?:(,)(\d*))?\}/

/** A Python/`regex` property name as JS understands it, or null. */
export function resolveProperty(name: string): string | null {
  const candidates = [name, name.replace(/^Is/, ''), `Script=${name}`, `Script=${name.replace(/^Is/, '')}`]
  for (const candidate of candidates) {
    try {
      new RegExp(`\\p{${candidate}}`, 'v')
      return candidate
    } catch {
      // try the next spelling
    }
  }
  return null
}

/** The inline flags of a pattern's start that `regex` applies to the whole pattern. */
export interface CompileOptions {
  dotAll?: boolean
  ignoreCase?: boolean
}
