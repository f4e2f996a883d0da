import { describe, expect, it } from 'vitest'
import { cleanCopyrightMapper } from './clean_copyright_mapper'
import { mapperRunner } from './testing-mapper'

describe('clean_copyright_mapper', () => {
  const run = mapperRunner(cleanCopyrightMapper)

  it("cleans as Data-Juicer's own tests expect", () => {
    expect(
      run(
        '这是一段 /* 多行注释\n注释内容copyright\n*/ 的文本。另外还有一些 // 单行注释。',
        '如果多行/*注释中没有\n关键词,那么\n这部分注释也不会\n被清除*/\n会保留下来',
        '//if start with\n//that will be cleaned \n evenly',
        'http://www.nasosnsncc.com',
        '#if start with\nthat will be cleaned \n#evenly',
        '--if start with\n--that will be cleaned \n#evenly'
      )
    ).toEqual([
      '这是一段  的文本。另外还有一些 // 单行注释。',
      '如果多行/*注释中没有\n关键词,那么\n这部分注释也不会\n被清除*/\n会保留下来',
      ' evenly',
      'http://www.nasosnsncc.com',
      'that will be cleaned \n#evenly',
      ''
    ])
  })

  it('looks only at the first block comment, in any case of "copyright"', () => {
    expect(run('/* plain */ x /* Copyright 2020 */', 'a /** COPYRIGHT 👍🏽 𝔘 */b', '/* حقوق copyright */')).toEqual([
      '/* plain */ x /* Copyright 2020 */',
      'a b',
      ''
    ])
  })

  it('splits leading lines on \\n only: a \\r\\n blank line or a \\u2028 is not an empty line', () => {
    expect(run('// c\r\n\r\ncode', '# a\n\n\n# b\ncode\n# tail', '# x\u2028y\nz', '#\n', '', '   ')).toEqual([
      '\r\ncode',
      'code\n# tail',
      'z',
      '',
      '',
      '   '
    ])
  })
})
