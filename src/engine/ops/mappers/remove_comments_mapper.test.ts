import { describe, expect, it } from 'vitest'
import { removeCommentsMapper } from './remove_comments_mapper'
import { mapperRunner } from './testing-mapper'
import { SIGCONF_TEX, SIGCONF_WITHOUT_COMMENTS } from './testing-latex'

describe('remove_comments_mapper', () => {
  it("removes a paper's comments as Data-Juicer's own test expects", () => {
    expect(mapperRunner(removeCommentsMapper, { doc_type: 'tex', inline: true, multiline: true })(SIGCONF_TEX)).toEqual([SIGCONF_WITHOUT_COMMENTS])
  })

  // Expected values produced by Data-Juicer's definition run in Python.
  it('takes the character before an inline % with it, keeps \\%, and sees only \\n as a line break', () => {
    const run = mapperRunner(removeCommentsMapper)
    expect(run('a % b\n% whole\n\\% kept\n%\nx%y\n%', 'line1\n%% c\nline3 % tail\r\nz')).toEqual(['a\n\\% kept\n\n', 'line1\nline3\nz'])
  })

  it('removes only the kinds asked for; doc_type is accepted as a string or a list', () => {
    const text = 'a % b\n% whole\nc'
    expect(mapperRunner(removeCommentsMapper, { inline: false })(text)).toEqual(['a % b\nc'])
    expect(mapperRunner(removeCommentsMapper, { multiline: false, doc_type: ['tex'] })(text)).toEqual(['a\nc'])
    expect(mapperRunner(removeCommentsMapper, { inline: false, multiline: false })(text)).toEqual([text])
  })
})
