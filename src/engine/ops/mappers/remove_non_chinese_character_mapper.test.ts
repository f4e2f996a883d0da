import { describe, expect, it } from 'vitest'
import { removeNonChineseCharacterMapper } from './remove_non_chinese_character_mapper'
import { mapperRunner } from './testing-mapper'

/** Data-Juicer's own unit test (tests/ops/mapper/test_remove_non_chinese_character_mapper.py): each combination of the flags, with [text, expected]. */
const CASES: { keep_alphabet: boolean; keep_number: boolean; keep_punc: boolean; cases: [string, string][] }[] = [
  {
    keep_alphabet: false,
    keep_number: false,
    keep_punc: false,
    cases: [
      ['特殊的康熙部首或者扩展部首会被去除，⼏几⺇', '特殊的康熙部首或者扩展部首会被去除几'],
      ['请问你是谁dasoidhao@1264fg.45om', '请问你是谁'],
      ['ftp://exam匹配ple汉字ma-niè包括rdas繁體字h@hqbchd.ckdhnfes.cds', '匹配汉字包括繁體字'],
      ['👊    所有的非汉字a44sh都12@46h会被*&……*qb^4525去掉', '所有的非汉字都会被去掉']
    ]
  },
  {
    keep_alphabet: true,
    keep_number: false,
    keep_punc: false,
    cases: [
      ['特殊的康熙部首或者扩展部首会被去除，⼏几⺇', '特殊的康熙部首或者扩展部首会被去除几'],
      ['请问你是谁dasoidhao@1264fg.45om', '请问你是谁dasoidhaofgom'],
      ['ftp://exam匹配ple汉字ma-niè包括rdas繁體字h@hqbchd.ckdhnfes.cds', 'ftpexam匹配ple汉字mani包括rdas繁體字hhqbchdckdhnfescds'],
      ['👊    所有的非汉字a44sh都12@46h会被*&……*qb^4525去掉', '所有的非汉字ash都h会被qb去掉']
    ]
  },
  {
    keep_alphabet: false,
    keep_number: true,
    keep_punc: false,
    cases: [
      ['特殊的康熙部首或者扩展部首会被去除，⼏几⺇', '特殊的康熙部首或者扩展部首会被去除几'],
      ['请问你是谁dasoidhao@1264fg.45om', '请问你是谁126445'],
      ['f://exam匹配ple汉12字ma-niè包括rdas繁88體字h@hqbchd.ds1', '匹配汉12字包括繁88體字1'],
      ['👊    所有的非汉字a44sh都12@46h会被*&……*qb^4525去掉', '所有的非汉字44都1246会被4525去掉']
    ]
  },
  {
    keep_alphabet: false,
    keep_number: false,
    keep_punc: true,
    cases: [
      ['特殊的康熙部首或者扩展部首会被去除，⼏几⺇', '特殊的康熙部首或者扩展部首会被去除，几'],
      ['请问你是谁dasoidhao@1264fg.45om', '请问你是谁.'],
      ['f://exam匹配ple汉12字ma-niè包括rdas繁88體字h@hqbchd.ds1', '//匹配汉字-包括繁體字.'],
      ['👊    所有的非汉字a44sh都12@46h会被*&……*qb^4525去掉', '    所有的非汉字都会被*&*去掉']
    ]
  },
  {
    keep_alphabet: true,
    keep_number: true,
    keep_punc: false,
    cases: [
      ['特殊的康熙部首或者扩展部首会被去除，⼏几⺇', '特殊的康熙部首或者扩展部首会被去除几'],
      ['请问你是谁dasoidhao@1264fg.45om', '请问你是谁dasoidhao1264fg45om'],
      ['f://exam匹配ple汉12字ma-niè包括rdas繁88體字h@hqbchd.ds1', 'fexam匹配ple汉12字mani包括rdas繁88體字hhqbchdds1'],
      ['👊    所有的非汉字a44sh都12@46h会被*&……*qb^4525去掉', '所有的非汉字a44sh都1246h会被qb4525去掉']
    ]
  },
  {
    keep_alphabet: true,
    keep_number: false,
    keep_punc: true,
    cases: [
      ['特殊的康熙部首或者扩展部首会被去除，⼏几⺇', '特殊的康熙部首或者扩展部首会被去除，几'],
      ['请问你是谁dasoidhao@1264fg.45om', '请问你是谁dasoidhaofg.om'],
      ['f://exam匹配ple汉12字ma-niè包括rdas繁88體字h@hqbchd.ds1', 'f//exam匹配ple汉字ma-ni包括rdas繁體字hhqbchd.ds'],
      ['👊    所有的非汉字a44sh都12@46h会被*&……*qb^4525去掉', '    所有的非汉字ash都h会被*&*qb去掉']
    ]
  },
  {
    keep_alphabet: false,
    keep_number: true,
    keep_punc: true,
    cases: [
      ['特殊的康熙部首或者扩展部首会被去除，⼏几⺇', '特殊的康熙部首或者扩展部首会被去除，几'],
      ['请问你是谁dasoidhao@1264fg.45om', '请问你是谁1264.45'],
      ['f://exam匹配ple汉12字ma-niè包括rdas繁88體字h@hqbchd.ds1', '//匹配汉12字-包括繁88體字.1'],
      ['👊    所有的非汉字a44sh都12@46h会被*&……*qb^4525去掉', '    所有的非汉字44都1246会被*&*4525去掉']
    ]
  },
  {
    keep_alphabet: true,
    keep_number: true,
    keep_punc: true,
    cases: [
      ['特殊的康熙部首或者扩展部首会被去除，⼏几⺇', '特殊的康熙部首或者扩展部首会被去除，几'],
      ['请问你是谁dasoidhao@1264fg.45om', '请问你是谁dasoidhao1264fg.45om'],
      ['f://exam匹配ple汉12字ma-niè包括rdas繁88體字h@hqbchd.ds1', 'f//exam匹配ple汉12字ma-ni包括rdas繁88體字hhqbchd.ds1'],
      ['👊    所有的非汉字a44sh都12@46h会被*&……*qb^4525去掉', '    所有的非汉字a44sh都1246h会被*&*qb4525去掉']
    ]
  }
]

describe('remove_non_chinese_character_mapper', () => {
  it.each(CASES)(
    "keep_alphabet $keep_alphabet, keep_number $keep_number, keep_punc $keep_punc: as Data-Juicer's own test expects",
    ({ cases, ...flags }) => {
      const run = mapperRunner(removeNonChineseCharacterMapper, flags)
      expect(run(...cases.map(([text]) => text))).toEqual(cases.map(([, expected]) => expected))
    }
  )

  it('removes newlines, tabs, CJK extension B and kana; keeps nothing else outside U+4E00–U+9FA5 with every flag off', () => {
    const run = mapperRunner(removeNonChineseCharacterMapper, { keep_alphabet: false, keep_number: false, keep_punc: false })
    expect(run('中\n文\t𠀀かな龥\u9fa6')).toEqual(['中文龥'])
    expect(mapperRunner(removeNonChineseCharacterMapper)('a-b (c) 1\n2 … @')).toEqual(['a-b (c) 12  '])
  })
})
