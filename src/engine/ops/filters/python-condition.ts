/**
 * The conditions of Data-Juicer's general_field_filter: a Python expression parsed as `ast.parse`
 * would and evaluated as its ExpressionTransformer does. What it takes: `and`, `or`, parentheses,
 * comparisons (`< <= > >= == !=`, chained like `10 < num <= 30`), field names with `.` reaching
 * into nested fields (`meta.source`, `__dj__stats__.text_len`), and constants (numbers, strings,
 * True, False, None). Anything else (`not`, `in`, `is`, arithmetic, calls, subscripts) is refused
 * when the condition is parsed, as Data-Juicer refuses it when it first evaluates it. One extension:
 * a minus sign before a number (Python parses `-1` as an operation Data-Juicer does not evaluate).
 */

export class ConditionError extends Error {}

type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!='

export type Condition =
  | { kind: 'bool'; op: 'and' | 'or'; values: Condition[] }
  | { kind: 'compare'; left: Condition; ops: CompareOp[]; rights: Condition[] }
  | { kind: 'name'; path: string[] }
  | { kind: 'constant'; value: string | number | boolean | null }

type Token = { type: 'name' | 'number' | 'string' | 'op' | 'end'; text: string; value?: string | number; at: number }

const OPERATORS = [
  '<=',
  '>=',
  '==',
  '!=',
  '<>',
  '**',
  '//',
  '<',
  '>',
  '(',
  ')',
  '.',
  '-',
  '+',
  '*',
  '/',
  '%',
  '[',
  ']',
  ',',
  ':',
  '~',
  '&',
  '|',
  '^',
  '@',
  '='
]
const STRING_START = /^([rRuUbBfF]{0,2})('|")/
const NUMBER = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?\.?)/

function readString(src: string, at: number, prefix: string, quote: string): { value: string; end: number } {
  if (/[bBfF]/.test(prefix)) throw new ConditionError(`bytes and f-strings are not supported (at ${at})`)
  const raw = /[rR]/.test(prefix)
  let i = at + prefix.length + 1
  if (src.startsWith(quote.repeat(2), i)) throw new ConditionError(`triple-quoted strings are not supported (at ${at})`)
  let value = ''
  const escapes: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '\\': '\\',
    "'": "'",
    '"': '"',
    a: '\x07',
    b: '\b',
    f: '\f',
    v: '\v',
    '0': '\0'
  }
  for (; i < src.length; i++) {
    const c = src[i]!
    if (c === quote) return { value, end: i + 1 }
    if (c === '\n') break
    if (c !== '\\') {
      value += c
      continue
    }
    const n = src[i + 1] ?? ''
    if (raw) {
      value += c + n
      i++
    } else if (n in escapes) {
      value += escapes[n]
      i++
    } else if (n === 'x' || n === 'u' || n === 'U') {
      const len = n === 'x' ? 2 : n === 'u' ? 4 : 8
      const hex = src.slice(i + 2, i + 2 + len)
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new ConditionError(`bad \\${n} escape in a string (at ${i})`)
      value += String.fromCodePoint(parseInt(hex, 16))
      i += 1 + len
    } else {
      value += c
    }
  }
  throw new ConditionError(`a string is not closed (at ${at})`)
}

function tokenize(src: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < src.length) {
    const c = src[i]!
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      i++
      continue
    }
    const rest = src.slice(i)
    const str = STRING_START.exec(rest)
    if (str !== null) {
      const { value, end } = readString(src, i, str[1]!, str[2]!)
      tokens.push({ type: 'string', text: src.slice(i, end), value, at: i })
      i = end
      continue
    }
    const name = /^[\p{L}_][\p{L}\p{N}_]*/u.exec(rest)
    if (name !== null) {
      tokens.push({ type: 'name', text: name[0], at: i })
      i += name[0].length
      continue
    }
    const num = /^[\d.]/.test(c) && !(c === '.' && !/^\.\d/.test(rest)) ? NUMBER.exec(rest) : null
    if (num !== null && num[0] !== '') {
      const value = Number(num[0].replaceAll('_', ''))
      if (Number.isNaN(value)) throw new ConditionError(`'${num[0]}' is not a number (at ${i})`)
      tokens.push({ type: 'number', text: num[0], value, at: i })
      i += num[0].length
      continue
    }
    const op = OPERATORS.find((o) => rest.startsWith(o))
    if (op === undefined) throw new ConditionError(`unexpected '${c}' (at ${i})`)
    tokens.push({ type: 'op', text: op, at: i })
    i += op.length
  }
  tokens.push({ type: 'end', text: 'the end', at: src.length })
  return tokens
}

const COMPARE = new Set(['<', '<=', '>', '>=', '==', '!='])
const UNSUPPORTED_WORDS = new Set(['not', 'in', 'is', 'lambda', 'if', 'else', 'await', 'yield'])

class Parser {
  private pos = 0
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos]!
  }

  private next(): Token {
    return this.tokens[this.pos++]!
  }

  private unsupported(t: Token, what: string): never {
    throw new ConditionError(`${what} '${t.text}' is not supported (at ${t.at}); use and, or, comparisons, field names and constants`)
  }

  parse(): Condition {
    const condition = this.or()
    const t = this.peek()
    if (t.type !== 'end') {
      if (t.type === 'name' && UNSUPPORTED_WORDS.has(t.text)) this.unsupported(t, 'the operator')
      throw new ConditionError(`unexpected '${t.text}' (at ${t.at})`)
    }
    return condition
  }

  private boolOp(op: 'and' | 'or', operand: () => Condition): Condition {
    const values = [operand()]
    while (this.peek().type === 'name' && this.peek().text === op) {
      this.next()
      values.push(operand())
    }
    return values.length === 1 ? values[0]! : { kind: 'bool', op, values }
  }

  private or(): Condition {
    return this.boolOp('or', () => this.and())
  }

  private and(): Condition {
    return this.boolOp('and', () => this.compare())
  }

  private compare(): Condition {
    const left = this.primary()
    const ops: CompareOp[] = []
    const rights: Condition[] = []
    for (;;) {
      const t = this.peek()
      if (t.type === 'op' && COMPARE.has(t.text)) {
        this.next()
        ops.push(t.text as CompareOp)
        rights.push(this.primary())
      } else if (t.type === 'name' && (t.text === 'in' || t.text === 'is' || t.text === 'not')) {
        this.unsupported(t, 'the operator')
      } else if (t.type === 'op' && t.text !== ')') {
        this.unsupported(t, 'the operator')
      } else break
    }
    return ops.length === 0 ? left : { kind: 'compare', left, ops, rights }
  }

  private primary(): Condition {
    let atom = this.atom()
    while (this.peek().type === 'op' && this.peek().text === '.') {
      this.next()
      const attr = this.next()
      if (attr.type !== 'name') throw new ConditionError(`a field name must follow '.' (at ${attr.at})`)
      if (atom.kind !== 'name') throw new ConditionError(`only fields have attributes (at ${attr.at})`)
      atom = { kind: 'name', path: [...atom.path, attr.text] }
    }
    return atom
  }

  private atom(): Condition {
    const t = this.next()
    if (t.type === 'number') return { kind: 'constant', value: t.value as number }
    if (t.type === 'string') {
      let value = t.value as string
      // Adjacent string literals are one string, as in Python.
      while (this.peek().type === 'string') value += this.next().value as string
      return { kind: 'constant', value }
    }
    if (t.type === 'name') {
      if (t.text === 'True' || t.text === 'False') return { kind: 'constant', value: t.text === 'True' }
      if (t.text === 'None') return { kind: 'constant', value: null }
      if (UNSUPPORTED_WORDS.has(t.text) || t.text === 'and' || t.text === 'or') this.unsupported(t, 'the operator')
      return { kind: 'name', path: [t.text] }
    }
    if (t.type === 'op' && t.text === '(') {
      const inner = this.or()
      const close = this.next()
      if (close.text !== ')') throw new ConditionError(`expected ')' (at ${close.at})`)
      return inner
    }
    if (t.type === 'op' && t.text === '-' && this.peek().type === 'number') return { kind: 'constant', value: -(this.next().value as number) }
    if (t.type === 'end') throw new ConditionError('the condition ends too early')
    return this.unsupported(t, 'the operator')
  }
}

/** A condition parsed, or a ConditionError saying where it is not one. */
export function parseCondition(source: string): Condition {
  return new Parser(tokenize(source)).parse()
}
