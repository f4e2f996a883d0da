import { describe, expect, it } from 'vitest'
import { compilePythonRegex, PythonRegexError, PythonSub, stripRawPrefix } from './pyregex-text'

/** `regex.sub(pattern, repl, text, flags=regex.DOTALL)`; every expectation below was produced by Python's `regex`. */
const sub = (pattern: string, repl: string, text: string): string => new PythonSub(compilePythonRegex(pattern, { dotAll: true }), repl).apply(text)

describe('Python regex translation', () => {
  it.each([
    ['a{,2}', '-', 'aaa', '---'],
    ['x{', '-', 'x{', '-'],
    ['a{2', '-', 'a{2', '-'],
    ['[]a]', '-', ']a', '--'],
    ['a(?i)b', '-', 'AB aB', 'AB -'],
    ['(?i:a)b', '-', 'AbaB', '-aB'],
    ['(?i)straße', 'S', 'STRASSE Straße', 'STRASSE S'],
    ['a\\Z', '-', 'a\n', 'a\n'],
    ['a$', '-', 'a\n', '-\n'],
    ['(?m)^', '-', 'a\nb\n', '-a\n-b\n-'],
    ['a++b', '-', 'aab', '-'],
    ['(?>a+)a', '-', 'aaa', 'aaa'],
    ['\\bé\\b', '-', 'é ab', '- ab'],
    ['[\\w-]+', '-', 'ab-c d', '- -'],
    ['[a|-|z]', '', 'a|-z', '-'],
    ['(?x) a b # c', '-', 'ab', '-'],
    ['\\d', '-', '١2', '--'],
    ['\\s+', ' ', 'a\u00a0\u3000\u001cb\ufeffc', 'a \u001cb\ufeffc'],
    ['(?a)\\w+', 'A', 'héllo', 'AéA'],
    ['\\p{Han}+', 'h', '日本語 text', 'h text'],
    ['[^\\W\\d]+', 'W', 'Ab 1 _x ٣', 'W 1 W ٣'],
    ['\\x41\\u00e9\\U0001F600', '!', 'Aé😀', '!'],
    ["\\.\\-\\'", 'q', ".-'", 'q']
  ])('%s / %s on %j', (pattern, repl, text, expected) => {
    expect(sub(pattern, repl, text)).toBe(expected)
  })

  it('reads replacement templates as Python does', () => {
    expect(sub('a', '\\-', 'a')).toBe('\\-')
    expect(sub('a', '\\x41\\u0042\\n\\0\\101', 'a')).toBe('AB\n\0A')
    expect(sub('(a)|b', '<\\g<1>>', 'ab')).toBe('<a><>')
    expect(sub('(?P<x>a)', '<\\g<x>\\g<0>>', 'a')).toBe('<aa>')
    expect(sub('a', '\\\\', 'a')).toBe('\\')
    expect(() => sub('a', '\\q', 'a')).toThrow(PythonRegexError)
    expect(() => sub('(a)', '\\10', 'a')).toThrow(/invalid group reference/)
    expect(() => sub('a', '\\', 'a')).toThrow(/bad escape/)
  })

  it('reports what Python rejects and what is not supported', () => {
    expect(() => compilePythonRegex('*a')).toThrow(/nothing to repeat/)
    expect(() => compilePythonRegex('a**')).toThrow(/multiple repeat/)
    expect(() => compilePythonRegex('(a')).toThrow(/missing \)/)
    expect(() => compilePythonRegex('a)')).toThrow(/unbalanced parenthesis/)
    expect(() => compilePythonRegex('[b-a]')).toThrow(/bad character range/)
    expect(() => compilePythonRegex('(?(1)a|b)')).toThrow(PythonRegexError)
    expect(() => compilePythonRegex('[[:alpha:]]')).toThrow(/POSIX/)
  })

  it("strips Data-Juicer's r'...' wrapper only when longer than two characters", () => {
    expect(stripRawPrefix("r'\\d'")).toBe('\\d')
    expect(stripRawPrefix('r"x"')).toBe('x')
    expect(stripRawPrefix("r''")).toBe('')
    expect(stripRawPrefix("r'")).toBe("r'")
    expect(stripRawPrefix("r'x")).toBe("r'x")
  })
})
