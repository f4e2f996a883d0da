import { describe, expect, it } from 'vitest'
import { chineseConvertMapper } from './chinese_convert_mapper'
import cases from './data-juicer-chinese-convert-cases.json'
import { mapperRunner } from './testing-mapper'

/**
 * Where OpenCC's dictionaries changed since the OpenCC Data-Juicer's test was written with:
 * 咸 ("all", as in 少长咸集) stays 咸 in current OpenCC (1.4 data, which opencc-js bundles); the
 * older data turned it into 鹹 ("salty").
 */
const NEWER_OPENCC: Record<string, string> = { 's2tw 群賢畢至，少長鹹集': '群賢畢至，少長咸集', 's2hk 羣賢畢至，少長鹹集': '羣賢畢至，少長咸集' }

describe('chinese_convert_mapper', () => {
  it.each(cases.map((c) => [c.mode, c] as const))("mode %s converts as Data-Juicer's own test expects", (mode, { cases: pairs }) => {
    const run = mapperRunner(chineseConvertMapper, { mode })
    expect(run(...pairs.map(([text]) => text!))).toEqual(pairs.map(([, expected]) => NEWER_OPENCC[`${mode} ${expected}`] ?? expected))
  })

  it('covers every mode Data-Juicer offers, s2t by default, and refuses another', () => {
    expect([...chineseConvertMapper.info.params[0]!.choices!].sort()).toEqual(cases.map((c) => c.mode).sort())
    expect(mapperRunner(chineseConvertMapper)('简体字')).toEqual(['簡體字'])
    expect(() => mapperRunner(chineseConvertMapper, { mode: 's2x' })).toThrow(/mode' must be one of s2t, t2s/)
  })
})
