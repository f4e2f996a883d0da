import { Field, Schema, Utf8 } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { readStrings } from '../batch'
import type { Mapper } from '../base'
import { resolveParams } from '../registry'
import type { OpDefinition } from '../define'
import { replaceContentMapper } from './replace_content_mapper'

const schema = new Schema([new Field('text', new Utf8(), true)])

function runner(def: OpDefinition<Mapper>, params: Record<string, unknown> = {}): (...texts: string[]) => string[] {
  const mapper = def.create(resolveParams(def.info, params), { textKey: 'text' })
  return (...texts) =>
    readStrings(
      mapper.process(
        rowsToBatch(
          texts.map((t) => [t]),
          schema
        )
      ).batch,
      'text'
    ).map((t) => t ?? '')
}

describe('replace_content_mapper', () => {
  it("replaces as Data-Juicer's own tests expect", () => {
    expect(
      runner(replaceContentMapper, { pattern: '●■', repl: '<SPEC>' })(
        '◆●■►▼▲▴∆▻▷❖♡□',
        '未指定的●■☛₨➩►▼▲特殊字符会☻▷❖被删掉吗？？',
        '这是一个干净的文本。'
      )
    ).toEqual(['◆<SPEC>►▼▲▴∆▻▷❖♡□', '未指定的<SPEC>☛₨➩►▼▲特殊字符会☻▷❖被删掉吗？？', '这是一个干净的文本。'])
    expect(runner(replaceContentMapper, { pattern: '\\d+(?:,\\d+)*', repl: '<DIGIT>' })('这是一个123。Including 456 and English.')).toEqual([
      '这是一个<DIGIT>。Including <DIGIT> and English.'
    ])
  })

  it('changes nothing without a pattern', () => {
    expect(runner(replaceContentMapper)('anything 👍🏽', '')).toEqual(['anything 👍🏽', ''])
  })

  it('follows Python: Unicode \\d and \\w, group references, raw-string patterns, DOTALL', () => {
    expect(runner(replaceContentMapper, { pattern: '(\\d+)-(\\d+)', repl: '\\2-\\1' })('12-34 ٣-٤')).toEqual(['34-12 ٤-٣'])
    expect(runner(replaceContentMapper, { pattern: 'r"\\s+"', repl: ' ' })('a \t\n b', '   ')).toEqual(['a b', ' '])
    expect(runner(replaceContentMapper, { pattern: '(?P<w>\\w+)', repl: '<\\g<w>>' })('héllo 𝔘 مرحبا 中文')).toEqual(['<héllo> <𝔘> <مرحبا> <中文>'])
    expect(runner(replaceContentMapper, { pattern: '.', repl: '_' })('a\nb')).toEqual(['___'])
    expect(runner(replaceContentMapper, { pattern: '\\bcat\\b', repl: 'dog' })('cat concat cat.')).toEqual(['dog concat dog.'])
  })

  it('matches code points, including emoji with modifiers and astral letters', () => {
    expect(runner(replaceContentMapper, { pattern: '👍🏽', repl: 'ok' })('👍🏽👍')).toEqual(['ok👍'])
    expect(runner(replaceContentMapper, { pattern: '[👍]', repl: '+' })('👍🏽')).toEqual(['+🏽'])
    expect(runner(replaceContentMapper, { pattern: '', repl: '-' })('𝔘a', '')).toEqual(['-𝔘-a-', '-'])
  })

  it('sees only \\n as a line break for ^ and $ in MULTILINE mode, as Python does', () => {
    expect(runner(replaceContentMapper, { pattern: '^', repl: '> ' })('a\nb')).toEqual(['> a\nb'])
    expect(runner(replaceContentMapper, { pattern: '(?m)^', repl: '> ' })('a\r\nb\u2028c')).toEqual(['> a\r\n> b\u2028c'])
  })

  it("keeps '$' literal in the replacement", () => {
    expect(runner(replaceContentMapper, { pattern: '\\$(\\d+)', repl: 'USD\\1' })('$5')).toEqual(['USD5'])
    expect(runner(replaceContentMapper, { pattern: 'a', repl: '$1$&' })('a')).toEqual(['$1$&'])
  })

  it('rejects invalid patterns and templates when created', () => {
    expect(() => runner(replaceContentMapper, { pattern: '(' })).toThrow(/replace_content_mapper/)
    expect(() => runner(replaceContentMapper, { pattern: 'a', repl: '\\2' })).toThrow(/invalid group reference/)
  })
})
