import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { compilePythonRegex, PythonSub } from '../pyregex-text'

/** Data-Juicer's pattern: the first appendix, references or bibliography command and everything after it. */
const BIBLIOGRAPHY = '(\\\\appendix|\\\\begin\\{references\\}|\\\\begin\\{REFERENCES\\}|\\\\begin\\{thebibliography\\}|\\\\bibliography\\{.*\\}).*$'

const params = declareParams([])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's remove_bibliography_mapper (ops/mapper/remove_bibliography_mapper.py):
 * `regex.sub(BIBLIOGRAPHY, '', text, flags=DOTALL)`, which cuts a LaTeX text at its first
 * \appendix, \begin{references}, \begin{REFERENCES}, \begin{thebibliography} or \bibliography{…}
 * (\bibliographystyle is not one of them) and drops the rest.
 */
class RemoveBibliographyMapper extends Mapper<Params> {
  private readonly sub = new PythonSub(compilePythonRegex(BIBLIOGRAPHY, { dotAll: true }), '')

  protected processText(text: string): string {
    return this.sub.apply(text)
  }
}

export const removeBibliographyMapper = defineOp({
  name: 'remove_bibliography_mapper',
  kind: 'mapper',
  description: 'LaTeX: cuts the text at the first \\appendix, \\begin{references}, \\begin{thebibliography} or \\bibliography{…}, dropping the rest.',
  params,
  create: (info, values, context) => new RemoveBibliographyMapper(info, values, context)
})
