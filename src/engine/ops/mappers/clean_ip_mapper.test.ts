import { describe, expect, it } from 'vitest'
import { cleanIpMapper } from './clean_ip_mapper'
import { mapperRunner } from './testing-mapper'

describe('clean_ip_mapper', () => {
  it("removes IPv4 and IPv6 addresses as Data-Juicer's own tests expect", () => {
    const run = mapperRunner(cleanIpMapper)
    expect(run('test of ip 234.128.124.123', '34.0.124.123', 'ftp://example.com/188.46.244.216my-page.html', 'ft174.1421.237.246my')).toEqual([
      'test of ip ',
      '',
      'ftp://example.com/my-page.html',
      'ft174.1421.237.246my'
    ])
    expect(
      run(
        'dd41:cbaf:d1b4:10a0:b215:72e3:6eaf:3ecb',
        'com/f770:c52e:ddce:3a9f:8c3b:a7bd:d81f:985cmy-page.html',
        'ft1926:43a1:fcb5:ees06:ae63:a2a4:c656:d014my'
      )
    ).toEqual(['', 'com/my-page.html', 'ft1926:43a1:fcb5:ees06:ae63:a2a4:c656:d014my'])
  })

  it('has no word boundaries and only matches ASCII digits and full IPv6 addresses', () => {
    const run = mapperRunner(cleanIpMapper)
    expect(run('1.2.3.4 👍🏽 255.255.255.256 𝔘', '١٢٣.1.1.1 and 01.02.03.04', '1234.1.1.1')).toEqual([' 👍🏽 6 𝔘', '١٢٣.1.1.1 and 01.02.03.04', '1'])
    expect(run('::1 fe80::1 2001:0db8:85a3:0000:0000:8a2e:0370:7334')).toEqual(['::1 fe80::1 '])
    expect(run('192.168.0.1\r\n10.0.0.1\u2028', '', '   ')).toEqual(['\r\n\u2028', '', '   '])
  })

  it('replaces with repl; group 1 is the last IPv6 group with its colon', () => {
    expect(mapperRunner(cleanIpMapper, { repl: '<IP>' })('test of ip 234.128.124.123', 'ft174.1421.237.246my')).toEqual([
      'test of ip <IP>',
      'ft174.1421.237.246my'
    ])
    expect(mapperRunner(cleanIpMapper, { repl: '[\\1]' })('2001:0db8:85a3:0000:0000:8a2e:0370:7334 1.2.3.4')).toEqual(['[0370:] []'])
  })

  it('takes a custom pattern', () => {
    expect(mapperRunner(cleanIpMapper, { pattern: 'r"\\d+\\.\\d+"', repl: 'N' })('v1.25 and ٣.٤')).toEqual(['vN and N'])
  })
})
