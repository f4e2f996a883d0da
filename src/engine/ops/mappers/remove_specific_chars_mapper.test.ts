import { Field, Schema, Utf8 } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { readStrings } from '../batch'
import type { Mapper } from '../base'
import { resolveParams } from '../registry'
import type { OpDefinition } from '../define'
import { removeSpecificCharsMapper } from './remove_specific_chars_mapper'

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

describe('remove_specific_chars_mapper', () => {
  it("removes the default symbols as Data-Juicer's own tests expect", () => {
    const run = runner(removeSpecificCharsMapper)
    expect(
      run(
        '这是一个干净的文本。Including Chinese and English.',
        '◆●■►▼▲▴∆▻▷❖♡□',
        '►This is a dirty text ▻ 包括中文和英文',
        '多个●■►▼这样的特殊字符可以►▼▲▴∆吗？',
        '未指定的●■☛₨➩►▼▲特殊字符会☻▷❖被删掉吗？？'
      )
    ).toEqual([
      '这是一个干净的文本。Including Chinese and English.',
      '',
      'This is a dirty text  包括中文和英文',
      '多个这样的特殊字符可以吗？',
      '未指定的☛₨➩特殊字符会☻被删掉吗？？'
    ])
  })

  it("removes '|' too, as Data-Juicer's '[a|b|…]' pattern does, and keeps line breaks", () => {
    expect(runner(removeSpecificCharsMapper)('►This is ▻ a | test ◆', 'a◆\r\nb\u2028', '', '  ')).toEqual([
      'This is  a  test ',
      'a\r\nb\u2028',
      '',
      '  '
    ])
  })

  it('treats each code point as one character: emoji modifiers and astral letters', () => {
    expect(runner(removeSpecificCharsMapper, { chars_to_remove: '👍🏽' })('👍🏽👍x🏽|')).toEqual(['x'])
    expect(runner(removeSpecificCharsMapper, { chars_to_remove: '𝔘' })('𝔘|𝔙')).toEqual(['|𝔙'])
    expect(runner(removeSpecificCharsMapper, { chars_to_remove: 'ا' })('مرحبا')).toEqual(['مرحب'])
  })

  it('keeps the regex meaning of the characters, as Data-Juicer does', () => {
    // '[a|-|z]': '-' forms the range '|'-'|', so '-' stays
    expect(runner(removeSpecificCharsMapper, { chars_to_remove: 'a-z' })('a-z|b')).toEqual(['-b'])
    expect(runner(removeSpecificCharsMapper, { chars_to_remove: ']x' })(']x|')).toEqual([''])
    expect(runner(removeSpecificCharsMapper, { chars_to_remove: '\\w' })('\\w|a')).toEqual(['\\a'])
    expect(() => runner(removeSpecificCharsMapper, { chars_to_remove: '^' })).toThrow(/unterminated character set/)
  })

  it('with a single character removes only it, and with none removes nothing', () => {
    expect(runner(removeSpecificCharsMapper, { chars_to_remove: 'a' })('a|b')).toEqual(['|b'])
    expect(runner(removeSpecificCharsMapper, { chars_to_remove: '' })('◆|x')).toEqual(['◆|x'])
  })
})
