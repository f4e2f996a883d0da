import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { compilePythonRegex } from '../pyregex-text'

/** `\newcommand{\name}{value}` and `\newcommand*{…}{…}` ending a line: a macro without arguments. */
const NEWCOMMAND = compilePythonRegex('(?m)\\\\\\bnewcommand\\b\\*?\\{(\\\\[a-zA-Z0-9]+?)\\}\\{(.*?)\\}$')
/** `\def\name{value}` ending a line. */
const DEF = compilePythonRegex('(?m)\\\\def\\s*(\\\\[a-zA-Z0-9]+?)\\s*\\{(.*?)\\}$')

/** Every macro without arguments the text defines, in the order first defined; a later definition replaces the value. */
function macroDefinitions(text: string): Map<string, string> {
  const macros = new Map<string, string>()
  for (const { regex, groups } of [NEWCOMMAND, DEF]) {
    for (const m of text.matchAll(regex)) macros.set(m[groups[1]!]!, m[groups[2]!]!)
  }
  return macros
}

const params = declareParams([])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's expand_macro_mapper (ops/mapper/expand_macro_mapper.py): collects the text's
 * argument-less macros (\newcommand first, then \def), then for each in turn replaces every
 * `\name` followed by a character that is not an ASCII letter or digit with its value — across
 * the whole text, definitions included, and one macro's expansion is seen by the next. A macro at
 * the very end of the text has no following character and stays. Data-Juicer passes the value
 * through `unicode-escape` into a `regex` replacement template, which reads it back unchanged, so
 * the value is inserted literally. Macros with arguments are not expanded, as in Data-Juicer.
 */
class ExpandMacroMapper extends Mapper<Params> {
  protected processText(text: string): string {
    let out = text
    for (const [name, value] of macroDefinitions(text)) {
      // The name is a backslash and ASCII letters and digits: nothing in it needs escaping but the backslash.
      const use = new RegExp(`\\${name}([^a-zA-Z0-9])`, 'gu')
      out = out.replace(use, (_, next: string) => value + next)
    }
    return out
  }
}

export const expandMacroMapper = defineOp({
  name: 'expand_macro_mapper',
  kind: 'mapper',
  description: 'LaTeX: expands macros without arguments defined with \\newcommand or \\def, replacing each use with its value.',
  params,
  create: (info, values, context) => new ExpandMacroMapper(info, values, context)
})
