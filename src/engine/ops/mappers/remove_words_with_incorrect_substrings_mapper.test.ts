import { join } from 'node:path'
import { Field, Schema, Utf8 } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { LM_FIXTURES, readLmFixtures } from '../../models/testing-lm'
import { readStrings } from '../batch'
import { resolveParams } from '../registry'
import { stripChars } from '../words'
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

  it('with tokenization, needs the SentencePiece model of lang', () => {
    expect(
      removeWordsWithIncorrectSubstringsMapper.models!(
        resolveParams(removeWordsWithIncorrectSubstringsMapper.info, { tokenization: true, lang: 'zh' })
      ).map((m) => m.name)
    ).toEqual(['zh.sp.model'])
    expect(() => mapperRunner(removeWordsWithIncorrectSubstringsMapper, { tokenization: true, lang: 'z h' })).toThrow(/'z h' is not a language code/)
  })

  it("with tokenization, removes spm_encode's pieces that hold a substring and joins the rest with nothing between, as Data-Juicer does", async () => {
    const models = { 'en.sp.model': join(LM_FIXTURES, 'tiny.model') }
    const values = resolveParams(removeWordsWithIncorrectSubstringsMapper.info, { tokenization: true, lang: 'en', substrings: ['th', 'ing'] })
    await removeWordsWithIncorrectSubstringsMapper.prepare!(values, models)
    const mapper = removeWordsWithIncorrectSubstringsMapper.create(values, { textKey: 'text', models })
    const { texts, pieces } = readLmFixtures()
    // Data-Juicer: words = [p.replace('▁', '') for p in pieces if keep(p.replace('▁', ''))]; text = ''.join(words) if any went.
    const expected = texts.map((text, i) => {
      const words = pieces[i]!.map((p) => p.replaceAll('▁', '')).filter((w) => !['th', 'ing'].some((s) => stripChars(w).includes(s)))
      return words.length === pieces[i]!.length ? text : words.join('')
    })
    const out = readStrings(
      mapper.process(
        rowsToBatch(
          texts.map((t) => [t]),
          new Schema([new Field('text', new Utf8(), true)])
        )
      ).batch,
      'text'
    )
    expect(out).toEqual(expected)
    expect(out.filter((t, i) => t !== texts[i]).length).toBeGreaterThan(0)
    expect(out.some((t, i) => t === texts[i])).toBe(true)
  })
})
