import { describe, expect, it } from 'vitest'
import { removeWordsWithIncorrectSubstringsMapper } from './remove_words_with_incorrect_substrings_mapper'
import { mapperRunner } from './testing-mapper'

describe('remove_words_with_incorrect_substrings_mapper', () => {
  it("removes link-like words as Data-Juicer's own English test expects", () => {
    const run = mapperRunner(removeWordsWithIncorrectSubstringsMapper, { substrings: ['http', 'www', '.com', 'href', '//'] })
    expect(run('This paper proposed a novel https://whiugc.com method on LLM', "plusieurs èrdash@hqbchd.ckd d'accéder à ces wwwasdasd fonc")).toEqual(
      ['This paper proposed a novel method on LLM', "plusieurs èrdash@hqbchd.ckd d'accéder à ces fonc"]
    )
  })

  it('looks at each word with special characters stripped from its ends, case-sensitively, with the default list', () => {
    const run = mapperRunner(removeWordsWithIncorrectSubstringsMapper)
    // "//c" strips to "c" and stays; "(www.x.org)" strips to "www.x.org" and goes; "a.com." to "a.com".
    expect(run('see (www.x.org) and //c or a.com. WWW  HTTP\n\nnext\tline  http://x')).toEqual(['see and //c or WWW HTTP\nnext\tline'])
  })

  it('takes its own substrings, and rebuilds the text: single spaces, empty tab fields and lines dropped', () => {
    const run = mapperRunner(removeWordsWithIncorrectSubstringsMapper, { substrings: ['foo'] })
    expect(run('Foo food  barfoo\t\tbaz', ' \n ')).toEqual(['Foo\tbaz', ''])
  })

  it('refuses tokenization, which needs a SentencePiece model', () => {
    expect(() => mapperRunner(removeWordsWithIncorrectSubstringsMapper, { tokenization: true, lang: 'zh' })).toThrow(/tokenization/)
  })
})
