import { describe, expect, it } from 'vitest'
import { showInvisibles, textDiff, trimSame, type Segment } from './text-change'

const before = (s: Segment[]): string =>
  s
    .filter((x) => x.kind !== 'added')
    .map((x) => x.text)
    .join('')
const after = (s: Segment[]): string =>
  s
    .filter((x) => x.kind !== 'removed')
    .map((x) => x.text)
    .join('')

describe('what a mapper changed', () => {
  it('marks each small change on its own, the text between them shared', () => {
    const old = 'There are 84 people in line.\u00a0The roller coaster has 7 cars.\u00a0How many times?'
    const now = 'There are 84 people in line. The roller coaster has 7 cars. How many times?'
    const diff = textDiff(old, now)
    expect(diff.filter((s) => s.kind !== 'same')).toEqual([
      { kind: 'removed', text: '\u00a0' },
      { kind: 'added', text: ' ' },
      { kind: 'removed', text: '\u00a0' },
      { kind: 'added', text: ' ' }
    ])
    expect(before(diff)).toBe(old)
    expect(after(diff)).toBe(now)
  })

  it('finds removed markup and text that only one side has', () => {
    const diff = textDiff('<p>Hello <b>world</b></p>', 'Hello world')
    expect(before(diff)).toBe('<p>Hello <b>world</b></p>')
    expect(after(diff)).toBe('Hello world')
    expect(textDiff('abc', 'abc')).toEqual([{ kind: 'same', text: 'abc' }])
    expect(textDiff('', 'new')).toEqual([{ kind: 'added', text: 'new' }])
    expect(textDiff('gone', '')).toEqual([{ kind: 'removed', text: 'gone' }])
  })

  it('cuts long shared text down to context around the changes', () => {
    const diff = textDiff(`${'x'.repeat(100)}A${'y'.repeat(100)}B${'z'.repeat(100)}`, `${'x'.repeat(100)}a${'y'.repeat(100)}b${'z'.repeat(100)}`)
    expect(trimSame(diff, 5).map((s) => s.text)).toEqual(['…xxxxx', 'A', 'a', 'yyyyy … yyyyy', 'B', 'b', 'zzzzz…'])
  })

  it('names invisible characters and leaves ordinary ones', () => {
    expect(showInvisibles('a\u00a0b\u200bc d\n')).toBe('a⟨U+00A0⟩b⟨U+200B⟩c d\n')
  })
})
