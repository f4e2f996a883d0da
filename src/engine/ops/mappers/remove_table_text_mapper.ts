import { declareParams, defineOp, type ParamValues } from '../define'
import { Mapper } from '../base'
import { compilePythonRegex, PythonSub } from '../pyregex-text'

/**
 * Data-Juicer's table of `cols` columns: after a newline, at least two lines each of `cols`
 * non-blank cells separated by one space, '|' or tab (then one or more newlines).
 */
const table = (cols: number): string => `(?<=\\n)((\\S+?)([ |\\t](\\S+?)){${cols - 1}}\\n+){2,}`

const params = declareParams([
  { name: 'min_col', type: 'int', default: 2, min: 2, max: 20, description: 'Fewest columns of a table to remove.' },
  { name: 'max_col', type: 'int', default: 20, min: 2, max: 20, description: 'Most columns of a table to remove.' }
])
type Params = ParamValues<typeof params>

/**
 * Data-Juicer's remove_table_text_mapper (ops/mapper/remove_table_text_mapper.py): for each column
 * count from min_col to max_col in turn, removes every run of two or more consecutive lines that
 * each have exactly that many cells (the first line of the text is never part of one, and the
 * last only when a newline ends it). Each pass sees the text the previous pass left.
 */
class RemoveTableTextMapper extends Mapper<Params> {
  private readonly passes = Array.from(
    { length: Math.max(0, this.params.max_col - this.params.min_col + 1) },
    (_, i) => new PythonSub(compilePythonRegex(table(this.params.min_col + i)), '')
  )

  protected processText(text: string): string {
    return this.passes.reduce((out, pass) => pass.apply(out), text)
  }
}

export const removeTableTextMapper = defineOp({
  name: 'remove_table_text_mapper',
  kind: 'mapper',
  description:
    'Removes tables in plain text: two or more consecutive lines with the same number (min_col..max_col) of cells separated by spaces, | or tabs.',
  params,
  create: (info, values, context) => new RemoveTableTextMapper(info, values, context)
})
