import { describe, expect, it } from 'vitest'
import { cleanHtmlMapper } from './clean_html_mapper'
import { mapperRunner } from './testing-mapper'

describe('clean_html_mapper', () => {
  const run = mapperRunner(cleanHtmlMapper)

  it("extracts text as Data-Juicer's own tests expect", () => {
    expect(
      run(
        '<header><nav><ul><tile>测试</title><li><a href="#">Home</a></li><li><a href="#">About</a></li><li><a href="#">Services</a></li><li><a href="#">Contact</a></li></ul></nav></header><main><h1>Welcome to My Website</h1><p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.<button>Learn More</button></main><footer><p>&copy; 2021 My Website. All Rights Reserved.</p></footer>'
      )
    ).toEqual([
      '测试\n*Home\n*About\n*Services\n*ContactWelcome to My WebsiteLorem ipsum dolor sit amet, consectetur adipiscing elit.Learn More© 2021 My Website. All Rights Reserved.'
    ])
    expect(
      run(
        '<p>This is a test</p><div class="article-content"><div><p>This is a test</p><p><span>Test</span>：This is a test</p></div></div><p></p><div></div>',
        "<a href='https://www.example.com/file.html?;name=Test' rel='noopener noreferrer' target='_blank'>测试</a>",
        'This is a test</p>',
        '<p>这是个测试',
        '<kkkeabcd>hello</kkkeabcd>',
        '<a1bcd>这是个测试</a1bcd>',
        '<测试>这是个测试</测试>',
        'href="https://www.example.com/file.html;name=Test">测试',
        '<abc="https://www.example.com/file.html?name=Test">测试'
      )
    ).toEqual([
      'This is a testThis is a testTest：This is a test',
      '测试',
      'This is a test',
      '这是个测试',
      'hello',
      '这是个测试',
      '<测试>这是个测试',
      'href="https://www.example.com/file.html;name=Test">测试',
      '测试'
    ])
  })

  it('drops whitespace before the body but keeps it after, and turns <li>/<ol> into "\\n*"', () => {
    expect(run('    ', '', '    This is a test', '    This is a test  ', '<li>Apple</li>', '<ol>苹果</ol>', '<LI>x</LI>')).toEqual([
      '',
      '',
      'This is a test',
      'This is a test  ',
      '*Apple',
      '*苹果',
      'x'
    ])
  })

  it('decodes character references like an HTML parser, legacy names without ";" included', () => {
    expect(run('&amp;&lt;&gt;&quot;&#39;&#x1F44D;&#127997; &copy 2 &notit; &#0; &#x80; &#65 &bogus; &#;')).toEqual([
      '&<>"\'👍🏽 © 2 ¬it; \ufffd € A &bogus; &#;'
    ])
  })

  it('keeps script and style text in the body but not in the head, and drops comments and doctype', () => {
    expect(
      run(
        '<!DOCTYPE html><html><head><title>T</title><style>h1{}</style><script>var a = "<b>";</script></head><body><!-- note -->A<script>if (a<b) x()</script>B<style>p{}</style></body></html>',
        '<p>a</p><title>t&amp;</title><textarea>\n&lt;x&gt;</textarea><pre>\n\npre</pre>',
        '<?php echo 1 ?>x<!--->y<!-- a --!>z</ x>w'
      )
    ).toEqual(['Aif (a<b) x()Bp{}', 'at&<x>\npre', 'xyzw'])
  })

  it('normalizes \\r\\n, keeps \\u2028, emoji, astral letters, Arabic and CJK, and drops an unfinished tag', () => {
    expect(run('<p>a\r\nb\rc\u2028d</p>', '<b>👍🏽 𝔘</b> مرحبا <i>中文</i>', 'text <a href="x', 'a < b and c > d')).toEqual([
      'a\nb\nc\u2028d',
      '👍🏽 𝔘 مرحبا 中文',
      'text ',
      'a < b and c > d'
    ])
  })

  it('moves text written directly inside a table, outside its cells, before the table', () => {
    expect(run('<table><tr><td>cell</td></tr>stray<tr><td>two</td></tr></table>after', '<table><td>x</td></table>')).toEqual([
      'straycelltwoafter',
      'x'
    ])
  })
})
