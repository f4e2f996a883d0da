import { describe, expect, it } from 'vitest'
import { punctuationNormalizationMapper } from './punctuation_normalization_mapper'
import { mapperRunner } from './testing-mapper'

describe('punctuation_normalization_mapper', () => {
  const run = mapperRunner(punctuationNormalizationMapper)

  it("maps Data-Juicer's whole table, quirks included (１ → \", — → ' - ', ． → '. ')", () => {
    expect(run('，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►')).toEqual([',.,""""""""""\'::?!();- - . ~\'...-<>[]%-'])
  })

  it('leaves every other character alone: ASCII, ‘, other fullwidth digits, emoji, astral, Arabic, line breaks', () => {
    expect(run('‘quoted’ ２３ 👍🏽 𝔘 مرحبا، ؟', '中文，测试。\r\n第二行\u2028end…')).toEqual([
      "‘quoted' ２３ 👍🏽 𝔘 مرحبا، ؟",
      '中文,测试.\r\n第二行\u2028end...'
    ])
    expect(run('', '   ', 'plain ASCII, text.')).toEqual(['', '   ', 'plain ASCII, text.'])
  })
})
