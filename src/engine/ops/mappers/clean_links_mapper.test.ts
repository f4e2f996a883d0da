import { describe, expect, it } from 'vitest'
import { cleanLinksMapper } from './clean_links_mapper'
import { mapperRunner } from './testing-mapper'

describe('clean_links_mapper', () => {
  it("removes links in any case, as Data-Juicer's own tests expect", () => {
    const run = mapperRunner(cleanLinksMapper)
    expect(
      run(
        'ftp://user:password@ftp.example.com:21/',
        'FTP://www.example.com/path/to/file.txt',
        'hTTps://www.example.com/file.html?param1=value1&param2=value2',
        'HTTPS://EXAMPLE.COM',
        'This is a test,http://www.example.com/file.html?param1=value1&param2=value2',
        '这是个测试,https://example.com'
      )
    ).toEqual(['', '', '', '', 'This is a test,', '这是个测试,'])
    expect(
      run(
        'This is a sample@example for test',
        'abcd:/e f is a sample for test',
        'abcd://ef is a sample for test',
        'This is a test,http测试://www.example.com/file.html?param1=value1',
        'This is a test,http://www.测试.com/path/file.html?param1=value1&param2=value2',
        '，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►'
      )
    ).toEqual([
      'This is a sample@example for test',
      'abcd:/e f is a sample for test',
      ' is a sample for test',
      'This is a test,',
      'This is a test,',
      '，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►'
    ])
  })

  it('keeps balanced parentheses, drops trailing punctuation, and handles CJK, Arabic, emoji and line breaks', () => {
    const run = mapperRunner(cleanLinksMapper)
    expect(run('(http://en.wikipedia.org/wiki/PC_(disambiguation))', 'Ftp://A.B/C?d=e#f.', 'See www.𝔘.com/x.')).toEqual(['()', '.', 'See .'])
    expect(run('看 https://例子.测试/路径 好', 'مرحبا https://example.com/ar شكرا', '👍🏽http://x.co/👍🏽 end')).toEqual([
      '看  好',
      'مرحبا  شكرا',
      '👍🏽 end'
    ])
    expect(run('a\r\nhttp://a.b/c\u2028http://d.e/f', 'mailto:someone@x.org', 'file:///etc/passwd', 'ＨＴＴＰ://fullwidth.com')).toEqual([
      'a\r\n\u2028',
      '',
      '',
      'ＨＴＴＰ://fullwidth.com'
    ])
    expect(run('', ' \n ')).toEqual(['', ' \n '])
  })

  // Its time is measured by `npm run bench:ops` (bench/ops-worst-case.ts).
  it('cleans input that makes the original pattern backtrack exponentially', () => {
    const evil = 'http://x.com/(' + 'a'.repeat(3000) + ' www.' + '!'.repeat(3000)
    expect(mapperRunner(cleanLinksMapper)(evil)[0]).toBe('(' + 'a'.repeat(3000) + ' ' + 'www.' + '!'.repeat(3000))
  })

  it('replaces with repl; \\1 is the whole link', () => {
    expect(mapperRunner(cleanLinksMapper, { repl: '<LINKS>' })('abcd://ef is a sample for test', 'This is a sample for test')).toEqual([
      '<LINKS> is a sample for test',
      'This is a sample for test'
    ])
    expect(mapperRunner(cleanLinksMapper, { repl: '[\\1]' })('go to www.x.org/a.')).toEqual(['go to [www.x.org/a].'])
  })

  it('takes a custom pattern', () => {
    expect(mapperRunner(cleanLinksMapper, { pattern: 'https?://\\S+', repl: 'URL' })('a http://x.y/z b www.q.com')).toEqual(['a URL b www.q.com'])
  })
})
