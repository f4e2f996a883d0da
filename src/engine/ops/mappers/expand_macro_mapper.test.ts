import { describe, expect, it } from 'vitest'
import { expandMacroMapper } from './expand_macro_mapper'
import { mapperRunner } from './testing-mapper'
import { ICML_EXPANDED, ICML_TEX } from './testing-latex'

describe('expand_macro_mapper', () => {
  const run = mapperRunner(expandMacroMapper)

  it("expands a paper's macros as Data-Juicer's own test expects", () => {
    expect(run(ICML_TEX)).toEqual([ICML_EXPANDED])
  })

  // Expected values produced by Data-Juicer's definition run in Python.
  it('expands in definition order, inside definitions too, only before a non-alphanumeric character', () => {
    expect(run('\\newcommand{\\a}{AA}\n\\newcommand{\\b}{\\a x}\nuse \\b. \\a\\a \\ab \\a')).toEqual([
      '\\newcommand{AA}{AA}\n\\newcommand{\\a x}{AA x}\nuse \\a x. AA\\a \\ab \\a'
    ])
  })

  it('a later \\def gives the value; values are inserted literally, non-ASCII and template syntax alike', () => {
    expect(run('\\def\\x{é😀}\n\\x, \\x\n\\def \\x {later}\n\\x;', '\\newcommand*{\\r}{\\g<1>$1 \\\\}\n\\r!')).toEqual([
      '\\deflater{é😀}\nlater, later\n\\def later {later}\nlater;',
      '\\newcommand*{\\g<1>$1 \\\\}{\\g<1>$1 \\\\}\n\\g<1>$1 \\\\!'
    ])
  })
})
