/** Python `re.sub` on JavaScript: replacement templates and prepared substitutions over patterns compiled by pyregex-compile.ts. */

import { SieveError } from '../../shared/errors'
import { compilePythonRegex } from './pyregex-compile'
import { isDigit, isOctal, PythonRegexError, type PythonRegex } from './pyregex-syntax'

export { compilePythonRegex } from './pyregex-compile'
export { PythonRegexError } from './pyregex-syntax'

type TemplatePart = string | number

/** Parses a Python replacement template (as `regex.sub` reads `repl`) into literals and group numbers. */
export function parseTemplate(template: string, compiled: PythonRegex): TemplatePart[] {
  const parts: TemplatePart[] = []
  let lit = ''
  const fail = (why: string): never => {
    throw new PythonRegexError(`replacement: ${why}`)
  }
  const group = (n: number): void => {
    if (n > compiled.groupCount) fail('invalid group reference')
    if (lit !== '') parts.push(lit)
    lit = ''
    parts.push(n)
  }
  const escapes: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' }
  for (let i = 0; i < template.length;) {
    const c = template[i]!
    if (c !== '\\') {
      lit += c
      i++
      continue
    }
    const n = template[i + 1]
    if (n === undefined) fail('bad escape (end of pattern)')
    if (n === 'g') {
      const m = /^<([^>]*)>/.exec(template.slice(i + 2))
      if (m === null) fail('missing group name')
      const name = m![1]!
      if (/^\d+$/.test(name)) group(Number(name))
      else {
        const idx = compiled.names.get(name)
        if (idx === undefined) fail(`unknown group name '${name}'`)
        group(idx!)
      }
      i += 2 + m![0].length
    } else if (n === '0') {
      let digits = ''
      let j = i + 2
      while (digits.length < 2 && isOctal(template[j])) digits += template[j++]
      lit += String.fromCodePoint(parseInt(digits || '0', 8))
      i = j
    } else if (isDigit(n)) {
      if (isOctal(n) && isOctal(template[i + 2]) && isOctal(template[i + 3])) {
        const value = parseInt(template.slice(i + 1, i + 4), 8)
        if (value > 0o377) fail('octal escape value outside of range 0-0o377')
        lit += String.fromCodePoint(value)
        i += 4
      } else {
        let digits = n
        if (isDigit(template[i + 2])) digits += template[i + 2]
        group(Number(digits))
        i += 1 + digits.length
      }
    } else if (n in escapes) {
      lit += escapes[n]
      i += 2
    } else if (n === 'x' || n === 'u' || n === 'U') {
      const len = n === 'x' ? 2 : n === 'u' ? 4 : 8
      const digits = template.slice(i + 2, i + 2 + len)
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(digits) || parseInt(digits, 16) > 0x10ffff) fail(`bad escape \\${n}${digits}`)
      lit += String.fromCodePoint(parseInt(digits, 16))
      i += 2 + len
    } else if (/[A-Za-z]/.test(n)) {
      fail(`bad escape \\${n}`)
    } else {
      lit += `\\${n}`
      i += 2
    }
  }
  if (lit !== '') parts.push(lit)
  return parts
}

/** `re.sub(pattern, repl, text)`: a prepared substitution, reusable across texts. */
export class PythonSub {
  private readonly literal: string | null
  private readonly parts: TemplatePart[]

  constructor(
    readonly compiled: PythonRegex,
    template: string
  ) {
    this.parts = parseTemplate(template, compiled)
    this.literal = this.parts.every((p) => typeof p === 'string') ? (this.parts as string[]).join('').replace(/\$/g, '$$$$') : null
  }

  apply(text: string): string {
    const regex = this.compiled.regex
    if (this.literal !== null) return text.replace(regex, this.literal)
    const groups = this.compiled.groups
    const parts = this.parts
    return text.replace(regex, (...args: unknown[]) => {
      let out = ''
      for (const p of parts) out += typeof p === 'string' ? p : ((args[groups[p]!] as string | undefined) ?? '')
      return out
    })
  }
}

/**
 * Data-Juicer's handling of a pattern given as a Python raw-string literal: `r'...'` or `r"..."`
 * longer than two characters loses the `r` and the quotes.
 */
export function stripRawPrefix(pattern: string): string {
  if ([...pattern].length > 2 && ((pattern.startsWith("r'") && pattern.endsWith("'")) || (pattern.startsWith('r"') && pattern.endsWith('"')))) {
    return pattern.slice(2, -1)
  }
  return pattern
}

/**
 * `re.sub(pattern, repl, text, flags=re.DOTALL)` prepared for an operator, with a pattern error
 * reported as a bad parameter of that operator.
 */
export function prepareSub(op: string, param: string, pattern: string, repl: string): PythonSub {
  try {
    return new PythonSub(compilePythonRegex(pattern, { dotAll: true }), repl)
  } catch (e) {
    if (!(e instanceof PythonRegexError)) throw e
    throw new SieveError('BAD_REQUEST', `${op}: invalid regular expression in '${param}' or 'repl': ${e.message}.`, { op, param })
  }
}

/**
 * A pattern whose matches an operator removes (`regex.compile(pattern).sub('', text)`, no flags), with
 * a pattern error reported as a bad parameter of that operator.
 */
export function prepareRemoval(op: string, param: string, pattern: string): PythonSub {
  try {
    return new PythonSub(compilePythonRegex(pattern), '')
  } catch (e) {
    if (!(e instanceof PythonRegexError)) throw e
    throw new SieveError('BAD_REQUEST', `${op}: '${param}' is not a valid regular expression: ${e.message}.`, { op, param })
  }
}
