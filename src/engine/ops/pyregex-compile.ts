/**
 * Python regular expressions on JavaScript's engine.
 *
 * Data-Juicer's operators take their patterns and replacements in the syntax of the Python
 * `regex` module (version 0 behaviour, which is `re`'s), so a recipe written for Data-Juicer must
 * mean the same here. This translates a pattern to a JS `RegExp` (flag `v`, so code points, nested
 * classes and Unicode properties) and runs `re.sub` with a Python replacement template.
 *
 * What the translation keeps exactly:
 * - `\w \d \s \b` are Unicode-aware as in `regex`: `\w` = [\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}],
 *   `\d` = \p{Nd}, `\s` = \p{White_Space}; `\b`/`\B` are built from `\w` with lookarounds
 *   (JS's own are ASCII-only). With the ASCII flag `(?a)` they are the ASCII classes.
 * - `.` obeys DOTALL (`[^\n]` without it); `^ $ \A \Z` follow Python, including `$` matching before
 *   a final newline, and MULTILINE `^ $` seeing only `\n` as a line break.
 * - Inline flags: `(?i)` at the start applies to the whole pattern; `(?flags)` later applies from
 *   there to the end of its group and `(?flags-flags:...)` to its group (as `regex` does); scoped
 *   case-insensitivity is emulated on literal characters only.
 * - Atomic groups `(?>...)` and possessive quantifiers (`*+ ++ ?+ {m,n}+`) become the atomic
 *   idiom `(?=(...))\k` with the extra capture groups hidden from group numbering.
 * - `(?P<name>...)`, `(?<name>...)`, `(?P=name)`, `\1`..`\99`, octal and `\x \u \U` escapes,
 *   `{,n}`, a `{` that is not a quantifier, `]` first in a class, `(?#...)`, VERBOSE mode.
 * - Replacement templates: `\1`, `\g<1>`, `\g<name>`, `\g<0>`, escapes (`\n`, `\x41`, `\u0041`…),
 *   octal, an unmatched group as '', and an unknown escape of a non-letter kept as written.
 * Not supported (an error says so): conditionals, branch reset, recursion, POSIX `[[:alpha:]]`,
 * `\N{...}`, `\G \K \X \m \M`, fuzzy matching, and case-insensitivity scoped to a class.
 */

import {
  classChar,
  isDigit,
  isOctal,
  literal,
  PythonRegexError,
  QUANTIFIER_AT,
  resolveProperty,
  SPACE,
  SPACE_ASCII,
  VERBOSE_SPACE,
  WORD,
  WORD_ASCII,
  type Atom,
  type CompileOptions,
  type Flags,
  type Piece,
  type PythonRegex
} from './pyregex-syntax'

class Translator {
  private pos = 0
  groupCount = 0
  readonly names = new Map<string, number>()
  private atomics = 0
  globalI = false
  private atomsSeen = false

  constructor(private readonly src: string) {}

  fail(why: string): never {
    throw new PythonRegexError(`${why} at position ${this.pos}`)
  }

  private peek(offset = 0): string | undefined {
    return this.src[this.pos + offset]
  }

  /** The code point at pos, advancing past it. */
  private next(): number {
    const cp = this.src.codePointAt(this.pos)
    if (cp === undefined) this.fail('unexpected end of pattern')
    this.pos += cp > 0xffff ? 2 : 1
    return cp
  }

  translate(flags: Flags): string {
    const out = this.alternation(flags, true)
    if (this.pos < this.src.length) this.fail('unbalanced parenthesis')
    return out
  }

  private alternation(start: Flags, top: boolean): string {
    const flags = { ...start }
    const branches: string[] = []
    for (;;) {
      branches.push(this.sequence(flags, top && branches.length === 0))
      if (this.peek() !== '|') break
      this.pos++
    }
    return branches.join('|')
  }

  /** One branch; inline `(?flags)` change `flags` in place, for the rest of the group. */
  private sequence(flags: Flags, leading: boolean): string {
    const atoms: Atom[] = []
    while (this.pos < this.src.length) {
      const c = this.peek()!
      if (flags.x) {
        if (VERBOSE_SPACE.has(c)) {
          this.pos++
          continue
        }
        if (c === '#') {
          while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++
          continue
        }
      }
      if (c === '|' || c === ')') break
      const quantifier = this.quantifier()
      if (quantifier !== null) {
        const last = atoms.pop()
        if (last === undefined || last.state === 2) this.fail('nothing to repeat')
        if (last.state === 1) this.fail('multiple repeat')
        let lazy = ''
        let possessive = false
        if (this.peek() === '?') {
          lazy = '?'
          this.pos++
        } else if (this.peek() === '+') {
          possessive = true
          this.pos++
        }
        const text = `${last.text}${quantifier}${lazy}`
        atoms.push({ text: possessive ? this.atomic(text) : text, state: 1 })
        continue
      }
      if (c === '(' && this.src.startsWith('(?', this.pos)) {
        const inline = /^\(\?([aiLmsux]*)(?:-([imsx]+))?\)/.exec(this.src.slice(this.pos, this.pos + 16))
        if (inline !== null && (inline[1] !== '' || inline[2] !== undefined)) {
          this.pos += inline[0].length
          const global = leading && atoms.length === 0 && !this.atomsSeen
          this.setFlags(flags, inline[1], inline[2] ?? '', global)
          continue
        }
        if (this.src.startsWith('(?#', this.pos)) {
          const end = this.src.indexOf(')', this.pos)
          if (end < 0) this.fail('missing ), unterminated comment')
          this.pos = end + 1
          continue
        }
      }
      atoms.push(this.atom(flags))
      this.atomsSeen = true
    }
    return atoms.map((a) => a.text).join('')
  }

  private setFlags(flags: Flags, on: string, off: string, global: boolean): void {
    if (on.includes('L')) this.fail('the LOCALE flag is for bytes patterns only')
    for (const f of on) {
      if (f === 'i') {
        flags.i = true
        if (global) this.globalI = true
      } else if (f === 'm' || f === 's' || f === 'x' || f === 'a') flags[f] = true
    }
    for (const f of off) if (f === 'i' || f === 'm' || f === 's' || f === 'x') flags[f] = false
  }

  /** A quantifier at pos (consumed), or null. */
  private quantifier(): string | null {
    const c = this.peek()
    if (c === '*' || c === '+' || c === '?') {
      this.pos++
      return c
    }
    if (c !== '{') return null
    const m = QUANTIFIER_AT.exec(this.src.slice(this.pos, this.pos + 40))
    if (m === null) return null
    const [, lo, comma, hi] = m
    if (comma === undefined && lo === '') return null
    this.pos += m[0].length
    if (comma === undefined) return `{${lo}}`
    if (lo !== '' && hi !== '' && Number(hi) < Number(lo)) this.fail('min repeat greater than max repeat')
    return `{${lo === '' ? '0' : lo},${hi}}`
  }

  private atomic(inner: string): string {
    const id = ++this.atomics
    return `(?=(\0A${id}\0(?:${inner})))(?:\0a${id}\0)`
  }

  private atom(flags: Flags): Atom {
    const c = this.peek()!
    switch (c) {
      case '(':
        return this.group(flags)
      case '[':
        return { text: this.charClass(flags), state: 0 }
      case '.':
        this.pos++
        return { text: flags.s ? '[\\s\\S]' : '[^\\n]', state: 0 }
      case '^':
        this.pos++
        return { text: flags.m ? '(?:^|(?<=\\n))' : '^', state: 2 }
      case '$':
        this.pos++
        return { text: flags.m ? '(?=\\n|$)' : '(?=\\n?$)', state: 2 }
      case '\\': {
        const piece = this.escape(false, flags)
        switch (piece.kind) {
          case 'char':
            return { text: this.literalWithCase(piece.cp, flags), state: 0 }
          case 'set':
            return { text: piece.out, state: 0 }
          case 'assert':
            return { text: piece.text, state: 2 }
          case 'ref':
            return { text: piece.text, state: 0 }
        }
      }
      // falls through (unreachable)
      default:
        return { text: this.literalWithCase(this.next(), flags), state: 0 }
    }
  }

  private literalWithCase(cp: number, flags: Flags): string {
    if (flags.i === this.globalI) return literal(cp)
    if (!flags.i) this.fail('turning case-insensitivity off inside the pattern is not supported')
    const ch = String.fromCodePoint(cp)
    const variants = new Set([ch, ch.toLowerCase(), ch.toUpperCase()].filter((v) => [...v].length === 1))
    if (variants.size === 1) return literal(cp)
    return `[${[...variants].map((v) => classChar(v.codePointAt(0)!)).join('')}]`
  }

  private wordClass(flags: Flags): string {
    return flags.a ? WORD_ASCII : WORD
  }

  private escape(inClass: boolean, flags: Flags): Piece {
    this.pos++ // the backslash
    const c = this.peek()
    if (c === undefined) this.fail('bad escape (end of pattern)')
    const simple: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 }
    if (c in simple) {
      this.pos++
      return { kind: 'char', cp: simple[c]! }
    }
    if (c === '0') {
      let digits = ''
      this.pos++
      while (digits.length < 2 && isOctal(this.peek())) digits += this.src[this.pos++]
      return { kind: 'char', cp: parseInt(digits || '0', 8) }
    }
    if (isDigit(c)) {
      if (isOctal(c) && isOctal(this.peek(1)) && isOctal(this.peek(2))) {
        const value = parseInt(this.src.slice(this.pos, this.pos + 3), 8)
        if (value > 0o377) this.fail('octal escape value outside of range 0-0o377')
        this.pos += 3
        return { kind: 'char', cp: value }
      }
      if (inClass) this.fail(`bad escape \\${c}`)
      let digits = c
      this.pos++
      if (isDigit(this.peek())) digits += this.src[this.pos++]
      const n = Number(digits)
      if (n > this.groupCount) this.fail('invalid group reference')
      return { kind: 'ref', text: `(?:\0R${n}\0)` }
    }
    if (c === 'x' || c === 'u' || c === 'U') {
      const len = c === 'x' ? 2 : c === 'u' ? 4 : 8
      const digits = this.src.slice(this.pos + 1, this.pos + 1 + len)
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(digits)) this.fail(`incomplete escape \\${c}${digits}`)
      const cp = parseInt(digits, 16)
      if (cp > 0x10ffff) this.fail(`bad escape \\${c}${digits}`)
      this.pos += 1 + len
      return { kind: 'char', cp }
    }
    if (c === 'b') {
      this.pos++
      if (inClass) return { kind: 'char', cp: 8 }
      const w = this.wordClass(flags)
      return { kind: 'assert', text: `(?:(?<=[${w}])(?![${w}])|(?<![${w}])(?=[${w}]))` }
    }
    if (c === 'B' || c === 'A' || c === 'Z') {
      if (inClass) this.fail(`bad escape \\${c}`)
      this.pos++
      if (c === 'A') return { kind: 'assert', text: '^' }
      if (c === 'Z') return { kind: 'assert', text: '$' }
      const w = this.wordClass(flags)
      return { kind: 'assert', text: `(?:(?<=[${w}])(?=[${w}])|(?<![${w}])(?![${w}]))` }
    }
    if ('dDwWsS'.includes(c)) {
      this.pos++
      const lower = c.toLowerCase()
      const body = lower === 'w' ? this.wordClass(flags) : lower === 's' ? (flags.a ? SPACE_ASCII : SPACE) : flags.a ? '0-9' : '\\p{Nd}'
      if (c === lower) return { kind: 'set', inClass: body, out: `[${body}]` }
      return { kind: 'set', inClass: `[^${body}]`, out: `[^${body}]` }
    }
    if (c === 'p' || c === 'P') {
      this.pos++
      let name: string
      if (this.peek() === '{') {
        const end = this.src.indexOf('}', this.pos)
        if (end < 0) this.fail('missing }')
        name = this.src.slice(this.pos + 1, end)
        this.pos = end + 1
      } else name = String.fromCodePoint(this.next())
      let negate = c === 'P'
      if (name.startsWith('^')) {
        negate = !negate
        name = name.slice(1)
      }
      const prop = resolveProperty(name)
      if (prop === null) this.fail(`unknown property '${name}'`)
      const text = `\\${negate ? 'P' : 'p'}{${prop}}`
      return { kind: 'set', inClass: text, out: text }
    }
    if (/[A-Za-z0-9]/.test(c)) this.fail(`bad escape \\${c}${c === 'N' || 'GKXmMRh'.includes(c) ? ' (not supported here)' : ''}`)
    return { kind: 'char', cp: this.next() }
  }

  private charClass(flags: Flags): string {
    this.pos++ // [
    let negate = false
    if (this.peek() === '^') {
      negate = true
      this.pos++
    }
    if (flags.i !== this.globalI) this.fail('case-insensitivity scoped to part of a pattern is not supported for character classes')
    const items: string[] = []
    let first = true
    for (;;) {
      if (this.pos >= this.src.length) this.fail('unterminated character set')
      const c = this.peek()!
      if (c === ']' && !first) {
        this.pos++
        break
      }
      first = false
      if (c === '[' && /^\[:[A-Za-z]+:\]/.test(this.src.slice(this.pos, this.pos + 20))) this.fail('POSIX character classes are not supported')
      const start: Piece = c === '\\' ? this.escape(true, flags) : { kind: 'char', cp: this.next() }
      if (start.kind === 'char' && this.peek() === '-' && this.peek(1) !== undefined && this.peek(1) !== ']') {
        this.pos++
        const end: Piece = this.peek() === '\\' ? this.escape(true, flags) : { kind: 'char', cp: this.next() }
        if (end.kind !== 'char') this.fail('a character range must end with a character (not supported)')
        if (end.cp < start.cp) this.fail('bad character range')
        items.push(`${classChar(start.cp)}-${classChar(end.cp)}`)
      } else if (start.kind === 'char') items.push(classChar(start.cp))
      else if (start.kind === 'set') items.push(start.inClass)
      else this.fail('bad escape in character class')
    }
    return `[${negate ? '^' : ''}${items.join('')}]`
  }

  private expectClose(): void {
    if (this.peek() !== ')') this.fail('missing ), unterminated subpattern')
    this.pos++
  }

  private readName(close: string): string {
    const end = this.src.indexOf(close, this.pos)
    if (end < 0) this.fail('missing group name terminator')
    const name = this.src.slice(this.pos, end)
    if (!/^[\p{L}\p{Nl}_][\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}]*$/u.test(name)) this.fail(`bad character in group name '${name}'`)
    this.pos = end + 1
    return name
  }

  private capture(flags: Flags, name: string | null): Atom {
    const n = ++this.groupCount
    if (name !== null) {
      if (this.names.has(name)) this.fail(`redefinition of group name '${name}'`)
      this.names.set(name, n)
    }
    const inner = this.alternation(flags, false)
    this.expectClose()
    return { text: `(${name !== null ? `?<${name}>` : ''}\0G${n}\0${inner})`, state: 0 }
  }

  private group(flags: Flags): Atom {
    if (!this.src.startsWith('(?', this.pos)) {
      this.pos++
      return this.capture(flags, null)
    }
    this.pos += 2
    const c = this.peek()
    const wrap = (open: string, state: 0 | 2): Atom => {
      const inner = this.alternation(flags, false)
      this.expectClose()
      return { text: `${open}${inner})`, state }
    }
    if (c === ':') {
      this.pos++
      return wrap('(?:', 0)
    }
    if (c === '=' || c === '!') {
      this.pos++
      return wrap(`(?${c}`, 2)
    }
    if (c === '<' && (this.peek(1) === '=' || this.peek(1) === '!')) {
      this.pos += 2
      return wrap(`(?<${this.src[this.pos - 1]}`, 2)
    }
    if (c === '<') {
      this.pos++
      return this.capture(flags, this.readName('>'))
    }
    if (c === 'P' && this.peek(1) === '<') {
      this.pos += 2
      return this.capture(flags, this.readName('>'))
    }
    if (c === 'P' && this.peek(1) === '=') {
      this.pos += 2
      const name = this.readName(')')
      const n = this.names.get(name)
      if (n === undefined) this.fail(`unknown group name '${name}'`)
      return { text: `(?:\0R${n}\0)`, state: 0 }
    }
    if (c === '>') {
      this.pos++
      const inner = this.alternation(flags, false)
      this.expectClose()
      return { text: this.atomic(inner), state: 0 }
    }
    const scoped = /^([aiLmsux]*)(?:-([imsx]+))?:/.exec(this.src.slice(this.pos, this.pos + 16))
    if (scoped !== null) {
      this.pos += scoped[0].length
      const inner = { ...flags }
      this.setFlags(inner, scoped[1]!, scoped[2] ?? '', false)
      const body = this.alternation(inner, false)
      this.expectClose()
      return { text: `(?:${body})`, state: 0 }
    }
    this.fail(`unknown or unsupported extension ?${c ?? ''}`)
  }
}

/** Compiles a Python pattern (as `regex.compile(pattern, flags)`) to a global JS RegExp. */
export function compilePythonRegex(pattern: string, options: CompileOptions = {}): PythonRegex {
  const t = new Translator(pattern)
  t.globalI = options.ignoreCase === true
  const raw = t.translate({ i: t.globalI, m: false, s: options.dotAll === true, x: false, a: false })
  let js = 0
  const groups: number[] = [0]
  const atomics = new Map<string, number>()
  const numbered = raw.replace(/\0([GA])(\d+)\0/g, (_, kind: string, n: string) => {
    js++
    if (kind === 'G') groups[Number(n)] = js
    else atomics.set(n, js)
    return ''
  })
  const source = numbered.replace(/\0([Ra])(\d+)\0/g, (_, kind: string, n: string) => `\\${kind === 'R' ? groups[Number(n)] : atomics.get(n)}`)
  let regex: RegExp
  try {
    regex = new RegExp(source, `gv${t.globalI ? 'i' : ''}`)
  } catch (e) {
    throw new PythonRegexError(`cannot run this pattern: ${(e as Error).message}`)
  }
  return { regex, groups, names: t.names, groupCount: t.groupCount }
}
