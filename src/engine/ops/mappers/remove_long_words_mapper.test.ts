import { Field, Schema, Utf8 } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { readStrings } from '../batch'
import { resolveParams } from '../registry'
import { removeLongWordsMapper } from './remove_long_words_mapper'

const schema = new Schema([new Field('text', new Utf8(), true)])

function run(params: Record<string, unknown>, texts: string[]): string[] {
  const op = removeLongWordsMapper.create(resolveParams(removeLongWordsMapper.info, params), { textKey: 'text' })
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

describe('remove_long_words_mapper', () => {
  it("passes Data-Juicer's own test cases (min_len 3, max_len 15)", () => {
    const p = { min_len: 3, max_len: 15 }
    expect(one(p, 'This paper proposed novel method LLM pretraining.')).toBe('This paper proposed novel method LLM pretraining.')
    // 'a' and 'on' are short; 'eqeqweqwewqeqwe121e1' is 20, and 19 once the final digit is stripped.
    expect(one(p, 'This paper a novel eqeqweqwewqeqwe121e1 method on LLM pretrain.')).toBe('This paper novel method LLM pretrain.')
    expect(one(p, 'Sur la plateforme MT4, manières à ces fonctionnalités sont conçu')).toBe(
      'Sur plateforme MT4, manières ces fonctionnalités sont conçu'
    )
    // 17 code points, 15 once the two emoji are stripped from its end.
    expect(one(p, 'This paper proposed a novel eqeqweqwewqenhq😊😠 method on LLM.')).toBe('This paper proposed novel eqeqweqwewqenhq😊😠 method LLM.')
    // 22 code points, "d'accéder" (9) once the trailing digits are stripped.
    expect(one(p, "Sur la plateforme MT4, plusieurs manières d'accéder0123813976125")).toBe(
      "Sur plateforme MT4, plusieurs manières d'accéder0123813976125"
    )
    expect(one(p, 'The Mona Lisa doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t have eyebrows.')).toBe('The Mona Lisa have eyebrows.')
  })

  it('with the defaults (1, no limit) keeps every word but rebuilds the separators', () => {
    // Split on '\n', then '\t', then ' ' alone; empty words, tab fields and lines vanish.
    expect(one({}, 'a  b\t\t c \n\n d ')).toBe('a b\tc\nd')
    expect(one({}, 'x'.repeat(1000) + ' !!!')).toBe('x'.repeat(1000) + ' !!!')
    expect(one({}, '\ta\t')).toBe('a')
  })

  it('leaves empty text empty and turns whitespace-only text (of its three separators) into empty text', () => {
    expect(run({}, ['', ' \t \n ', '\n\n'])).toEqual(['', '', ''])
    // U+3000 is not a separator: it is a one-character word, kept.
    expect(one({}, ' \u3000 ')).toBe('\u3000')
    expect(one({ min_len: 2 }, ' \u3000 ')).toBe('')
  })

  it('keeps \\r inside a word and strips it (string.whitespace) when measuring the stripped word', () => {
    // Lines 'ab\r' (3) and 'cd' (2).
    expect(one({ min_len: 3 }, 'ab\r\ncd')).toBe('ab\r')
    // 'ab\r' is 3 > 2, 'ab' is 2 once '\r' is stripped: kept as it was, '\r' and all.
    expect(one({ max_len: 2 }, 'ab\r\ncd')).toBe('ab\r\ncd')
  })

  it('does not split on U+2028 or U+3000: they are inside one word', () => {
    expect(one({ max_len: 4 }, 'x ab\u2028cd')).toBe('x')
    expect(one({ max_len: 5 }, 'x ab\u2028cd')).toBe('x ab\u2028cd')
    expect(one({ max_len: 2 }, 'a\u3000b c')).toBe('c')
  })

  it('counts code points: 👍🏽 is 2, 𝔘 is 1', () => {
    expect(one({ min_len: 2, max_len: 2 }, '👍🏽 a')).toBe('👍🏽')
    // 2 < 3, and both halves of 👍🏽 are emoji, so it strips to '' (0).
    expect(one({ min_len: 3 }, '👍🏽 abc')).toBe('abc')
    expect(one({ max_len: 1 }, '👍🏽 a')).toBe('a')
    // 'hi👍🏽' is 4 > 2, 'hi' once stripped.
    expect(one({ max_len: 2 }, 'hi👍🏽')).toBe('hi👍🏽')
    // Six UTF-16 units but three code points; 𝔘 is a letter, not stripped.
    expect(one({ min_len: 3, max_len: 3 }, '𝔘𝔘𝔘 𝔘𝔘')).toBe('𝔘𝔘𝔘')
    expect(one({ min_len: 4 }, '𝔘𝔘𝔘 abcd')).toBe('abcd')
    expect(one({ max_len: 2 }, '𝔘𝔘𝔘 𝔘𝔘')).toBe('𝔘𝔘')
  })

  it('treats a CJK run without spaces as one word, stripping 。 and ， from its ends only', () => {
    // 13 code points; 12 without the final 。 (， inside is not stripped).
    const s = '今天天气真不错，阳光明媚。'
    expect(one({ max_len: 12 }, s)).toBe(s)
    expect(one({ max_len: 11 }, s)).toBe('')
    expect(one({ max_len: 3 }, '漢字かな 漢字')).toBe('漢字')
  })

  it('measures Arabic words in code points', () => {
    expect(one({ max_len: 6 }, 'مرحبا بالعالم')).toBe('مرحبا')
    expect(one({ min_len: 6 }, 'مرحبا بالعالم')).toBe('بالعالم')
  })

  it('strips the special characters of Data-Juicer from both ends: punctuation, digits, quotes, soft hyphen, emoji', () => {
    // '!!!' is 3 > 2 and strips to '' (0 < 1).
    expect(one({ max_len: 2 }, '!!! ok')).toBe('ok')
    expect(one({ min_len: 1, max_len: 1 }, 'a bb c (a) [bb]')).toBe('a c (a)')
    // “ and ” are in OTHER_SPECIAL_CHARACTERS: 8 code points, 6 stripped.
    expect(one({ max_len: 6 }, '“quoted” «ab»')).toBe('“quoted” «ab»')
    expect(one({ max_len: 4 }, 'word\u00ad')).toBe('word\u00ad')
    expect(one({ max_len: 4 }, '12345 1234')).toBe('1234')
    // A letter that is not special is not stripped: 'é' ends the word.
    expect(one({ max_len: 4 }, 'café! cafés')).toBe('café!')
  })

  it('checks the closed interval at both edges', () => {
    expect(one({ min_len: 2, max_len: 3 }, 'a ab abc abcd')).toBe('ab abc')
    expect(one({ min_len: 1, max_len: 1 }, 'a b')).toBe('a b')
  })

  it('rejects min_len and max_len below 1 (PositiveInt)', () => {
    expect(() => resolveParams(removeLongWordsMapper.info, { min_len: 0 })).toThrow(/min_len/)
    expect(() => resolveParams(removeLongWordsMapper.info, { max_len: 0 })).toThrow(/max_len/)
    expect(resolveParams(removeLongWordsMapper.info, {})).toEqual({ min_len: 1, max_len: null })
  })
})
