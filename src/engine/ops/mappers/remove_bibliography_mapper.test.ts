import { describe, expect, it } from 'vitest'
import { removeBibliographyMapper } from './remove_bibliography_mapper'
import { mapperRunner } from './testing-mapper'

describe('remove_bibliography_mapper', () => {
  const run = mapperRunner(removeBibliographyMapper)

  it("cuts at the bibliography or references as Data-Juicer's own tests expect", () => {
    expect(
      run(
        "%%\n%% This is file `sample-sigconf.tex\\clearpage\n\\bibliographystyle{ACM-Reference-Format}\n\\bibliography{sample-base}\n\\end{document}\n\\endinput\n%%\n%% End of file `sample-sigconf.tex'.\n",
        "%%\n%% This is file `sample-sigconf.tex\\clearpage\n\\begin{references}\n\\end{document}\n\\endinput\n%%\n%% End of file `sample-sigconf.tex'.\n"
      )
    ).toEqual([
      '%%\n%% This is file `sample-sigconf.tex\\clearpage\n\\bibliographystyle{ACM-Reference-Format}\n',
      '%%\n%% This is file `sample-sigconf.tex\\clearpage\n'
    ])
  })

  // Expected values produced by Data-Juicer's definition run in Python.
  it('cuts at the first of them, \\appendix included; an unclosed \\bibliography{ is not one', () => {
    expect(
      run('body \\bibliographystyle{x}\n\\begin{thebibliography} refs', 'text \\appendix more \\bibliography{r}', 'no refs \\bibliography{unclosed')
    ).toEqual(['body \\bibliographystyle{x}\n', 'text ', 'no refs \\bibliography{unclosed'])
  })
})
