import { describe, expect, it } from 'vitest'
import { isSpecialCodePoint } from './special_characters'
import {
  countRefinedWords,
  getWordsFromDocument,
  mergeOnWhitespaceTabNewline,
  refinedWords,
  splitOnNewlineTabWhitespace,
  splitOnWhitespace,
  stripChars,
  wordsAugmentation,
  wordsRefinement
} from './words'

describe('words (Data-Juicer helper_func without a tokenizer)', () => {
  it('splits like split_on_whitespace: only on the separators asked for, dropping empty strings', () => {
    expect(splitOnWhitespace('  a  b\tc\nd ')).toEqual(['a', 'b\tc\nd'])
    expect(splitOnWhitespace('a b\tc\nd', true)).toEqual(['a', 'b\tc', 'd'])
    expect(splitOnWhitespace('a b\tc\nd', false, true)).toEqual(['a', 'b', 'c\nd'])
    expect(getWordsFromDocument(' a\t\tb\n\nc ')).toEqual(['a', 'b', 'c'])
    expect(getWordsFromDocument('a\rb\u00a0c\u3000d\u2028e\x0bf')).toEqual(['a\rb\u00a0c\u3000d\u2028e\x0bf'])
    expect(getWordsFromDocument('')).toEqual([])
    expect(getWordsFromDocument(' \n\t ')).toEqual([])
  })

  it('splits and merges like split_on_newline_tab_whitespace / merge_on_whitespace_tab_newline', () => {
    expect(splitOnNewlineTabWhitespace('a  b\t\t c \n\n d ')).toEqual([[['a', 'b'], [], ['c']], [[]], [['d']]])
    expect(splitOnNewlineTabWhitespace('')).toEqual([[[]]])
    expect(mergeOnWhitespaceTabNewline(splitOnNewlineTabWhitespace('a  b\t\t c \n\n d '))).toBe('a b\tc\nd')
    expect(mergeOnWhitespaceTabNewline([[['x'], []], [[]], [[], ['y', 'z']]])).toBe('x\ny z')
  })

  it("uses emoji 2.2.0's EMOJI_DATA (Data-Juicer's pin): later emoji are not special", () => {
    expect(isSpecialCodePoint(0x1fae8)).toBe(true) // shaking face, in 2.2.0
    for (const cp of [0x1f6d8, 0x1fa89, 0x1fabe, 0x1fac6, 0x1fae9, 0x1fafa]) expect(isSpecialCodePoint(cp)).toBe(false)
  })

  it('strips whole code points from both ends only', () => {
    expect(stripChars('«(hello)»')).toBe('hello')
    expect(stripChars('a-b')).toBe('a-b')
    expect(stripChars('👍🏽x👍🏽')).toBe('x')
    expect(stripChars('𝔘!')).toBe('𝔘') // an astral letter is kept whole
    expect(stripChars('!!!')).toBe('')
    expect(stripChars('')).toBe('')
    expect(stripChars('xyx', (cp) => cp === 0x78)).toBe('y')
  })

  it('refines like words_refinement: lower-case, strip, drop empties, then augment', () => {
    expect(wordsRefinement(['A,', '!!', 'B'])).toEqual(['A,', '!!', 'B'])
    expect(wordsRefinement(['A,', '!!', 'B'], { lowerCase: true, stripChars: isSpecialCodePoint })).toEqual(['a', 'b'])
    expect(wordsRefinement(['a', 'b', 'c'], { useWordsAug: true })).toEqual(['a', 'b', 'c', 'ab', 'bc'])
    expect(wordsRefinement(['a', 'b', 'c'], { useWordsAug: true, wordsAugGroupSizes: [2, 3], wordsAugJoinChar: '_' })).toEqual([
      'a',
      'b',
      'c',
      'a_b',
      'b_c',
      'a_b_c'
    ])
    expect(wordsAugmentation(['a'], 2, '')).toEqual([])
    expect(refinedWords('The CAT, the 🐈!', true)).toEqual(['the', 'cat', 'the'])
    expect(refinedWords('The CAT', false)).toEqual(['The', 'CAT'])
  })
})

describe('countRefinedWords', () => {
  it('equals the number of refined words', () => {
    for (const text of ['', ' \t\n ', 'a, b. c!', '--- !!! 123', '👍🏽 great 👍🏽', '𝔘nicode 𝔘', 'a\r\nb', '!a! !!', 'x\ud800 \ud800', '«»'])
      expect(countRefinedWords(text)).toBe(refinedWords(text, false).length)
  })
})
