import { describe, expect, it } from 'vitest'
import { removeSpecificCharsMapper } from './remove_specific_chars_mapper'
import { mapperRunner } from './testing-mapper'

describe('remove_specific_chars_mapper', () => {
  it("removes the default symbols as Data-Juicer's own tests expect", () => {
    const run = mapperRunner(removeSpecificCharsMapper)
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
    expect(mapperRunner(removeSpecificCharsMapper)('►This is ▻ a | test ◆', 'a◆\r\nb\u2028', '', '  ')).toEqual([
      'This is  a  test ',
      'a\r\nb\u2028',
      '',
      '  '
    ])
  })

  it('treats each code point as one character: emoji modifiers and astral letters', () => {
    expect(mapperRunner(removeSpecificCharsMapper, { chars_to_remove: '👍🏽' })('👍🏽👍x🏽|')).toEqual(['x'])
    expect(mapperRunner(removeSpecificCharsMapper, { chars_to_remove: '𝔘' })('𝔘|𝔙')).toEqual(['|𝔙'])
    expect(mapperRunner(removeSpecificCharsMapper, { chars_to_remove: 'ا' })('مرحبا')).toEqual(['مرحب'])
  })

  it('keeps the regex meaning of the characters, as Data-Juicer does', () => {
    // '[a|-|z]': '-' forms the range '|'-'|', so '-' stays
    expect(mapperRunner(removeSpecificCharsMapper, { chars_to_remove: 'a-z' })('a-z|b')).toEqual(['-b'])
    expect(mapperRunner(removeSpecificCharsMapper, { chars_to_remove: ']x' })(']x|')).toEqual([''])
    expect(mapperRunner(removeSpecificCharsMapper, { chars_to_remove: '\\w' })('\\w|a')).toEqual(['\\a'])
    expect(() => mapperRunner(removeSpecificCharsMapper, { chars_to_remove: '^' })).toThrow(/unterminated character set/)
  })

  it('with a single character removes only it, and with none removes nothing', () => {
    expect(mapperRunner(removeSpecificCharsMapper, { chars_to_remove: 'a' })('a|b')).toEqual(['|b'])
    expect(mapperRunner(removeSpecificCharsMapper, { chars_to_remove: '' })('◆|x')).toEqual(['◆|x'])
  })
})
