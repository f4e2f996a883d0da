import { Field, Schema, Utf8 } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { readStrings } from '../batch'
import { resolveParams } from '../registry'
import { removeRepeatSentencesMapper } from './remove_repeat_sentences_mapper'

const schema = new Schema([new Field('text', new Utf8(), true)])

function run(params: Record<string, unknown>, texts: string[]): string[] {
  const op = removeRepeatSentencesMapper.create(resolveParams(removeRepeatSentencesMapper.info, params), { textKey: 'text' })
  return readStrings(
    op.process(
      rowsToBatch(
        texts.map((t) => [t]),
        schema
      )
    ).batch,
    'text'
  ) as string[]
}

const one = (params: Record<string, unknown>, text: string): string => run(params, [text])[0]!

const FOX =
  'The quick brown fox jumps over the lazy dog. Isn\'t it amazing how a simple sentence can contain every letter of the alphabet? The quick brown fox jumps over the lazy dog. Speaking of weather, yesterday was quite dreary; however, today is absolutely delightful. Isn\'t it amazing how a simple sentence can contain every letter of the alphabet? "Let\'s seize the day," Tom exclaimed, full of enthusiasm. "Let\'s seize the day," Tom exclaimed, full of enthusiasm.'
const FOX_DEDUPED =
  'The quick brown fox jumps over the lazy dog. Isn\'t it amazing how a simple sentence can contain every letter of the alphabet? Speaking of weather, yesterday was quite dreary; however, today is absolutely delightful. "Let\'s seize the day," Tom exclaimed, full of enthusiasm.'

describe('remove_repeat_sentences_mapper', () => {
  it("passes Data-Juicer's own test cases with the defaults", () => {
    expect(
      one(
        {},
        '今天天气真不错，阳光明媚，适合出去散步。小明说：“今天天气真不错，我们去海边吧。” 小红回答说：“好主意！” 但是，小李觉得：“今天天气真不错，我们去爬山吧。” 今天天气真不错，阳光明媚，适合出去散步。昨天下了一整天的雨，今天终于放晴了。昨天下了一整天的雨，今天终于放晴了。'
      )
    ).toBe(
      '今天天气真不错，阳光明媚，适合出去散步。小明说：“今天天气真不错，我们去海边吧。” 小红回答说：“好主意！” 但是，小李觉得：“今天天气真不错，我们去爬山吧。”昨天下了一整天的雨，今天终于放晴了。'
    )
    expect(one({}, FOX)).toBe(FOX_DEDUPED)
    // The set of seen sentences spans the lines of a text.
    expect(one({}, '我很开心 。但是你不开心  。我很开心 。\n你好呀！我很开心 。我好的。你好呀！')).toBe(
      '我很开心 。但是你不开心  。\n你好呀！我好的。'
    )
    // '......' splits into '.', '..', '..', '. 重!'; '重' and the empty keys are shorter than 2.
    expect(one({}, '默认配置下，长度低于2的句子不会被去重。去重？去重。去重！重。重...... 重! 1234？3215. 1234. 3. 3. 3')).toBe(
      '默认配置下，长度低于2的句子不会被去重。去重？重。重...... 重! 1234？3215. 3. 3. 3'
    )
  })

  it("passes Data-Juicer's own test cases with lowercase, special characters kept and length 5", () => {
    const p = { lowercase: true, ignore_special_character: false, min_repeat_sentence_length: 5 }
    expect(
      one(
        p,
        "Life is what happens when you're busy making other plans. John Lennon once said. Life is what happens when you're busy making other plans. This phrase has resonated with many people over the years. 人生就是当你忙于制定其他计划时发生的事情。对很多人来说，这句话引起了共鸣。"
      )
    ).toBe(
      "Life is what happens when you're busy making other plans. John Lennon once said. This phrase has resonated with many people over the years. 人生就是当你忙于制定其他计划时发生的事情。对很多人来说，这句话引起了共鸣。"
    )
    expect(one(p, FOX)).toBe(FOX_DEDUPED)
    // '你好呀！' is 4 code points, under 5: kept twice.
    expect(one(p, '我很开心 。但是你不开心  。我很开心 。\n你好呀！我很开心 。我好的。你好呀！')).toBe(
      '我很开心 。但是你不开心  。\n你好呀！我好的。你好呀！'
    )
    const short = '去重？去重。去重！重。重...... 重! 1234？3215. 1234. 3. 3. 3'
    expect(one(p, short)).toBe(short)
  })

  it('keeps the first of repeated sentences, as written, with their own spacing', () => {
    expect(one({}, 'hello. world. hello. end')).toBe('hello. world. end')
    expect(one({}, '你好。你好。')).toBe('你好。')
    // Punctuation is ignored by default when comparing: 'Hi, you!' and 'Hi you?' are the same.
    expect(one({}, 'Hi, you! Hi you? Bye.')).toBe('Hi, you! Bye.')
    expect(one({ ignore_special_character: false }, 'Hi, you! Hi you? Bye.')).toBe('Hi, you! Hi you? Bye.')
  })

  it('compares case-sensitively unless lowercase', () => {
    expect(one({}, 'Hello there. hello there.')).toBe('Hello there. hello there.')
    expect(one({ lowercase: true }, 'Hello there. hello there.')).toBe('Hello there.')
  })

  it('splits after a closing quote that follows an end mark, not before it', () => {
    // '!' followed by ” does not split; '!”' followed by ' ' does.
    expect(one({}, 'Go now!” Go now!” ok')).toBe('Go now!” ok')
    // DJ's class [.。!！？\?\.{6}\…{2}] holds the literal characters { 6 } … 2 too.
    expect(one({}, 'ab 6” ab 6” cd')).toBe('ab 6” cd')
    expect(one({}, 'ab 5” ab 5” cd')).toBe('ab 5” ab 5” cd')
  })

  it('splits after two ellipses, not after one', () => {
    expect(one({}, 'wait…… wait…… done')).toBe('wait…… done')
    expect(one({}, 'wait… wait… done')).toBe('wait… wait… done')
  })

  it("splits lines on '\\n' only, keeping '\\r' and empty lines; U+2028 is stripped when comparing", () => {
    expect(one({}, 'A b.\nA b.\n\nC d.')).toBe('A b.\n\n\nC d.')
    // '.' then '\r' splits; the '\r' sentences strip to '' and stay.
    expect(one({}, 'Same here.\r\nSame here.\r\n')).toBe('Same here.\r\n\r\n')
    expect(one({}, 'Hi there.\u2028Hi there.')).toBe('Hi there.')
  })

  it('leaves empty and whitespace-only text as it is', () => {
    expect(run({}, ['', '   ', '\n\n', ' \t '])).toEqual(['', '   ', '\n\n', ' \t '])
  })

  it('drops letters outside ASCII and CJK from the comparison key by default', () => {
    // Arabic letters are special characters here: both keys are '' (shorter than 2), so both stay.
    expect(one({}, 'مرحبا. مرحبا.')).toBe('مرحبا. مرحبا.')
    expect(one({ ignore_special_character: false }, 'مرحبا. مرحبا.')).toBe('مرحبا.')
  })

  it('measures the key in code points: 👍🏽 is 2, 𝔘 is 1', () => {
    expect(one({}, '👍🏽! 👍🏽!')).toBe('👍🏽! 👍🏽!')
    // Key '👍🏽!' is 3 code points (5 UTF-16 units).
    expect(one({ ignore_special_character: false }, '👍🏽! 👍🏽!')).toBe('👍🏽!')
    expect(one({ ignore_special_character: false, min_repeat_sentence_length: 3 }, '👍🏽! 👍🏽!')).toBe('👍🏽!')
    expect(one({ ignore_special_character: false, min_repeat_sentence_length: 4 }, '👍🏽! 👍🏽!')).toBe('👍🏽! 👍🏽!')
    expect(one({ ignore_special_character: false, min_repeat_sentence_length: 3 }, '𝔘𝔘. 𝔘𝔘.')).toBe('𝔘𝔘.')
    expect(one({ ignore_special_character: false, min_repeat_sentence_length: 4 }, '𝔘𝔘. 𝔘𝔘.')).toBe('𝔘𝔘. 𝔘𝔘.')
    // A split right before an astral character keeps it whole: 'Hi!', '𝔘.', ' Hi!', '𝔘.'.
    expect(one({ ignore_special_character: false }, 'Hi!𝔘. Hi!𝔘.')).toBe('Hi!𝔘.')
  })

  it('strips before removing special characters, so a space left behind counts', () => {
    // 'Wow!', '😀 Wow!', '😀': the keys are 'Wow', ' Wow' and '', all different.
    expect(one({}, 'Wow!😀 Wow!😀')).toBe('Wow!😀 Wow!😀')
    expect(one({}, 'Wow! Wow!')).toBe('Wow!')
  })

  it('honours min_repeat_sentence_length at its edges', () => {
    expect(one({}, 'a. a.')).toBe('a. a.')
    expect(one({ min_repeat_sentence_length: 1 }, 'a. a.')).toBe('a.')
    // At 0 even empty keys are deduplicated: 'x.', ' .', ' .' have keys 'x', '', ''.
    expect(one({ min_repeat_sentence_length: 0 }, 'x. . .')).toBe('x. .')
    expect(one({}, 'x. . .')).toBe('x. . .')
    expect(resolveParams(removeRepeatSentencesMapper.info, {})).toEqual({
      lowercase: false,
      ignore_special_character: true,
      min_repeat_sentence_length: 2
    })
  })
})
