import { describe, expect, it } from 'vitest'
import { cleanEmailMapper } from './clean_email_mapper'
import { mapperRunner } from './testing-mapper'

describe('clean_email_mapper', () => {
  it("removes addresses as Data-Juicer's own tests expect", () => {
    const run = mapperRunner(cleanEmailMapper)
    expect(
      run(
        'happy day euqdh@cjqi.com',
        '请问你是谁dasoidhao@1264fg.45om',
        'ftp://examplema-nièrdash@hqbchd.ckdhnfes.cds',
        '👊23da44sh12@46hqb12chd.ckdhnfes.comd.dasd.asd.dc'
      )
    ).toEqual(['happy day ', '请问你是谁dasoidhao@1264fg.45om', 'ftp://examplema-niè', '👊'])
  })

  it('keeps emoji, astral letters, Arabic, CJK and line breaks around the matches; the domain must be lowercase', () => {
    const run = mapperRunner(cleanEmailMapper)
    expect(run('👍🏽 a.b@c.de 𝔘x@y.zz', 'مرحبا user@mail.com شكرا', '中文test@qq.com。', 'a@b.c\r\nd@e.f\u2028')).toEqual([
      '👍🏽  𝔘',
      'مرحبا  شكرا',
      '中文。',
      '\r\n\u2028'
    ])
    expect(run('Upper@EXAMPLE.COM lower@example.com', 'x@y.z1')).toEqual(['Upper@EXAMPLE.COM ', '1'])
  })

  it('leaves empty and whitespace-only text alone', () => {
    expect(mapperRunner(cleanEmailMapper)('', ' \t\n')).toEqual(['', ' \t\n'])
  })

  it('replaces with repl in Python template syntax', () => {
    expect(
      mapperRunner(cleanEmailMapper, { repl: '<EMAIL>' })('happy day euqdh@cjqi.com', '👊23da44sh12@46hqb12chd.ckdhnfes.comd.dasd.asd.dc')
    ).toEqual(['happy day <EMAIL>', '👊<EMAIL>'])
    expect(mapperRunner(cleanEmailMapper, { repl: '<\\g<0>>' })('👍🏽 a.b@c.de 𝔘x@y.zz')).toEqual(['👍🏽 <a.b@c.de> 𝔘<x@y.zz>'])
    expect(mapperRunner(cleanEmailMapper, { repl: '$1' })('a@b.cd')).toEqual(['$1'])
  })

  it("takes a custom pattern, raw-string form r'...' included", () => {
    expect(mapperRunner(cleanEmailMapper, { pattern: "r'\\S+@\\S+'" })('mail Me@Example.COM now')).toEqual(['mail  now'])
    expect(mapperRunner(cleanEmailMapper, { pattern: '[A-Z]+@[A-Z]+', repl: '#' })('X@Y x@y')).toEqual(['# x@y'])
  })

  it('rejects an invalid pattern when the operator is created', () => {
    expect(() => mapperRunner(cleanEmailMapper, { pattern: '(' })).toThrow(/clean_email_mapper: invalid regular expression/)
  })
})
