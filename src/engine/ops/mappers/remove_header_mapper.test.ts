import { describe, expect, it } from 'vitest'
import { removeHeaderMapper } from './remove_header_mapper'
import { mapperRunner } from './testing-mapper'
import { SIGCONF_TEX, SIGCONF_WITHOUT_HEADER } from './testing-latex'

describe('remove_header_mapper', () => {
  const run = mapperRunner(removeHeaderMapper)

  it("removes a paper's preamble, title and abstract as Data-Juicer's own test expects", () => {
    expect(run(SIGCONF_TEX)).toEqual([SIGCONF_WITHOUT_HEADER])
  })

  // Expected values produced by Data-Juicer's definition run in Python.
  it('cuts before the first sectioning command, starred, with a short title, or a title over lines', () => {
    expect(
      run(
        'intro\n\\section*[short]{Long\ntitle} body \\chapter{c}',
        '\\sectionx{no} \\section {space} \\subsubsection{ok}',
        'a \\paragraph{p} b \\subsection{s}',
        'a \\paragraph{p}\\subparagraph{q} b'
      )
    ).toEqual(['\\section*[short]{Long\ntitle} body \\chapter{c}', '\\subsubsection{ok}', '\\subsection{s}', '\\paragraph{p}\\subparagraph{q} b'])
  })

  it('leaves a text without a header unchanged, with drop_no_head true or false, as Data-Juicer does', () => {
    expect(run('no header here \\textbf{x}', '')).toEqual(['no header here \\textbf{x}', ''])
    expect(mapperRunner(removeHeaderMapper, { drop_no_head: false })('no header')).toEqual(['no header'])
  })
})
