import { describe, expect, it } from 'vitest'
import { fixUnicodeMapper } from './fix_unicode_mapper'
import { mapperRunner } from './testing-mapper'

describe('fix_unicode_mapper', () => {
  it("fixes mojibake as Data-Juicer's own tests expect", () => {
    expect(
      mapperRunner(fixUnicodeMapper)('âœ” No problems', 'The Mona Lisa doesnÃƒÂ¢Ã¢â€šÂ¬Ã¢â€žÂ¢t have eyebrows.', 'No problems', '阿里巴巴')
    ).toEqual(['✔ No problems', "The Mona Lisa doesn't have eyebrows.", 'No problems', '阿里巴巴'])
  })

  it("reproduces ftfy's documented examples", () => {
    const run = mapperRunner(fixUnicodeMapper)
    expect(run('sÃ³', 'voilÃ le travail', 'This â€” should be an em dash', 'The more you know ðŸŒ ', 'uÌˆnicode')).toEqual([
      'só',
      'voilà le travail',
      'This — should be an em dash',
      'The more you know 🌠',
      'ünicode'
    ])
    expect(
      run(
        'This text is sad .â\x81”.',
        'AHÅ™, the new sofa from IKEA®',
        'not such a fan of Charlotte Brontë…”',
        'This text was never UTF-8 at all\x85'
      )
    ).toEqual(['This text is sad .⁔.', 'AHÅ™, the new sofa from IKEA®', 'not such a fan of Charlotte Brontë…"', 'This text was never UTF-8 at all…'])
    expect(run('&macr;\\_(ã\x83\x84)_/&macr;', 'â€œ like this â€\ufffd', 'P&EACUTE;REZ', '&ntilde; &Ntilde; &NTILDE; &nTILDE;')).toEqual([
      '¯\\_(ツ)_/¯',
      '" like this \ufffd',
      'PÉREZ',
      'ñ Ñ Ñ &nTILDE;'
    ])
  })

  it('decodes entities only until a line with "<" appears', () => {
    expect(mapperRunner(fixUnicodeMapper)('&amp;\n<html>\n&amp;', 'HTML entities &lt;3', '<em>HTML entities &lt;3</em>')).toEqual([
      '&\n<html>\n&amp;',
      'HTML entities <3',
      '<em>HTML entities &lt;3</em>'
    ])
  })

  it('uncurls quotes, unfolds ligatures and fullwidth forms, unifies line breaks, drops controls and the BOM (U+0085 is read as Windows-1252 first)', () => {
    expect(
      mapperRunner(fixUnicodeMapper)(
        'Broken text&hellip; it&#x2019;s ﬂubberiﬁc!',
        'ＬＯＵＤ　ＮＯＩＳＥＳ ｶﾀｶﾅ',
        '\ufeffa\r\nb\rc\u2028d\u2029e\x85f',
        '\x1b[36;44mI‘m blue\x1b[0m\x00\x07'
      )
    ).toEqual(["Broken text… it's flubberific!", 'LOUD NOISES カタカナ', 'a\nb\nc\nd\ne…f', "I'm blue"])
  })

  it('leaves good text alone: emoji with modifiers, astral letters, Arabic, CJK, empty and whitespace-only text', () => {
    expect(mapperRunner(fixUnicodeMapper)('👍🏽 𝔘 مرحبا 中文 café', '', ' \t ')).toEqual(['👍🏽 𝔘 مرحبا 中文 café', '', ' \t '])
  })

  it('applies the chosen normalization, in any case, and rejects unknown forms', () => {
    const composed = 'e\u0301 ﬁ ①'
    expect(mapperRunner(fixUnicodeMapper)(composed)).toEqual(['é fi ①'])
    expect(mapperRunner(fixUnicodeMapper, { normalization: 'nfkc' })(composed)).toEqual(['é fi 1'])
    expect(mapperRunner(fixUnicodeMapper, { normalization: 'NFD' })('é')).toEqual(['e\u0301'])
    expect(mapperRunner(fixUnicodeMapper, { normalization: 'NFKD' })('①é')).toEqual(['1e\u0301'])
    expect(mapperRunner(fixUnicodeMapper, { normalization: '' })('e\u0301')).toEqual(['é'])
    expect(() => mapperRunner(fixUnicodeMapper, { normalization: 'NFX' })).toThrow(/normalization 'NFX' is not supported/)
  })
})
