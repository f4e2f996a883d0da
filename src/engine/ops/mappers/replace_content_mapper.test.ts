import { describe, expect, it } from 'vitest'
import { replaceContentMapper } from './replace_content_mapper'
import { mapperRunner } from './testing-mapper'

describe('replace_content_mapper', () => {
  it("replaces as Data-Juicer's own tests expect", () => {
    expect(
      mapperRunner(replaceContentMapper, { pattern: '●■', repl: '<SPEC>' })(
        '◆●■►▼▲▴∆▻▷❖♡□',
        '未指定的●■☛₨➩►▼▲特殊字符会☻▷❖被删掉吗？？',
        '这是一个干净的文本。'
      )
    ).toEqual(['◆<SPEC>►▼▲▴∆▻▷❖♡□', '未指定的<SPEC>☛₨➩►▼▲特殊字符会☻▷❖被删掉吗？？', '这是一个干净的文本。'])
    expect(mapperRunner(replaceContentMapper, { pattern: '\\d+(?:,\\d+)*', repl: '<DIGIT>' })('这是一个123。Including 456 and English.')).toEqual([
      '这是一个<DIGIT>。Including <DIGIT> and English.'
    ])
  })

  it('changes nothing without a pattern', () => {
    expect(mapperRunner(replaceContentMapper)('anything 👍🏽', '')).toEqual(['anything 👍🏽', ''])
  })

  it('follows Python: Unicode \\d and \\w, group references, raw-string patterns, DOTALL', () => {
    expect(mapperRunner(replaceContentMapper, { pattern: '(\\d+)-(\\d+)', repl: '\\2-\\1' })('12-34 ٣-٤')).toEqual(['34-12 ٤-٣'])
    expect(mapperRunner(replaceContentMapper, { pattern: 'r"\\s+"', repl: ' ' })('a \t\n b', '   ')).toEqual(['a b', ' '])
    expect(mapperRunner(replaceContentMapper, { pattern: '(?P<w>\\w+)', repl: '<\\g<w>>' })('héllo 𝔘 مرحبا 中文')).toEqual([
      '<héllo> <𝔘> <مرحبا> <中文>'
    ])
    expect(mapperRunner(replaceContentMapper, { pattern: '.', repl: '_' })('a\nb')).toEqual(['___'])
    expect(mapperRunner(replaceContentMapper, { pattern: '\\bcat\\b', repl: 'dog' })('cat concat cat.')).toEqual(['dog concat dog.'])
  })

  it('matches code points, including emoji with modifiers and astral letters', () => {
    expect(mapperRunner(replaceContentMapper, { pattern: '👍🏽', repl: 'ok' })('👍🏽👍')).toEqual(['ok👍'])
    expect(mapperRunner(replaceContentMapper, { pattern: '[👍]', repl: '+' })('👍🏽')).toEqual(['+🏽'])
    expect(mapperRunner(replaceContentMapper, { pattern: '', repl: '-' })('𝔘a', '')).toEqual(['-𝔘-a-', '-'])
  })

  it('sees only \\n as a line break for ^ and $ in MULTILINE mode, as Python does', () => {
    expect(mapperRunner(replaceContentMapper, { pattern: '^', repl: '> ' })('a\nb')).toEqual(['> a\nb'])
    expect(mapperRunner(replaceContentMapper, { pattern: '(?m)^', repl: '> ' })('a\r\nb\u2028c')).toEqual(['> a\r\n> b\u2028c'])
  })

  it("keeps '$' literal in the replacement", () => {
    expect(mapperRunner(replaceContentMapper, { pattern: '\\$(\\d+)', repl: 'USD\\1' })('$5')).toEqual(['USD5'])
    expect(mapperRunner(replaceContentMapper, { pattern: 'a', repl: '$1$&' })('a')).toEqual(['$1$&'])
  })

  it('rejects invalid patterns and templates when created', () => {
    expect(() => mapperRunner(replaceContentMapper, { pattern: '(' })).toThrow(/replace_content_mapper/)
    expect(() => mapperRunner(replaceContentMapper, { pattern: 'a', repl: '\\2' })).toThrow(/invalid group reference/)
  })
})
