import { Field, Schema, Utf8 } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { readStrings } from '../batch'
import type { Mapper } from '../base'
import { resolveParams } from '../registry'
import type { OpDefinition } from '../define'
import { punctuationNormalizationMapper } from './punctuation_normalization_mapper'

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

describe('punctuation_normalization_mapper', () => {
  const run = runner(punctuationNormalizationMapper)

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
