import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { compilePythonRegex, PythonSub } from '../pyregex-text'

/** A LaTeX sectioning command with its optional short title and its title, as Data-Juicer writes it. */
const command = (name: string): string => `\\\\\\b${name}\\b\\*?(?:\\[(.*?)\\])?\\{(.*?)\\}`

/**
 * Data-Juicer's pattern, kept exactly: everything before the first sectioning command (group 1),
 * then the command (group 2). Its `paragraph` alternative lacks the `|` before `subparagraph`, so
 * it matches only a \paragraph{…} directly followed by a \subparagraph{…}; that is kept too, since
 * a recipe must cut where Data-Juicer cuts.
 */
const HEADER = `^(.*?)(${['chapter', 'part', 'section', 'subsection', 'subsubsection'].map(command).join('|')}|${command('paragraph')}${command('subparagraph')})`

const params = declareParams([
  {
    name: 'drop_no_head',
    type: 'bool',
    default: true,
    description: 'Meant to empty texts without a header; as in Data-Juicer (whose loop skips that assignment) such texts stay unchanged.'
  }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's remove_header_mapper (ops/mapper/remove_header_mapper.py): `regex.sub(HEADER, r'\2',
 * text, flags=DOTALL)`, i.e. a LaTeX text loses everything before its first \chapter, \part,
 * \section, \subsection or \subsubsection (the preamble, title, abstract). A text without one is
 * left unchanged whatever drop_no_head says: Data-Juicer sets the text to '' and then `continue`s
 * before storing it, so no recipe run by Data-Juicer ever dropped one.
 */
class RemoveHeaderMapper extends Mapper<Params> {
  private readonly sub = new PythonSub(compilePythonRegex(HEADER, { dotAll: true }), '\\2')

  protected processText(text: string): string {
    return this.sub.apply(text)
  }
}

export const removeHeaderMapper = defineOp({
  name: 'remove_header_mapper',
  kind: 'mapper',
  description:
    'LaTeX: removes everything before the first \\chapter, \\part, \\section, \\subsection or \\subsubsection (preamble, title, abstract).',
  params,
  create: (info, values, context) => new RemoveHeaderMapper(info, values, context)
})
