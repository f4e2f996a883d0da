import { describe, expect, it } from 'vitest'
import { removeTableTextMapper } from './remove_table_text_mapper'
import { mapperRunner } from './testing-mapper'
import { TABLE_TEXT_CASES } from './testing-table-text'

describe('remove_table_text_mapper', () => {
  const run = mapperRunner(removeTableTextMapper)

  it.each(TABLE_TEXT_CASES)("Data-Juicer's own case %s", (_, text, expected) => {
    expect(run(text)).toEqual([expected])
  })

  // Expected values produced by Data-Juicer's definition run in Python.
  it('removes only tables whose column count is within min_col..max_col, with | and tabs as separators', () => {
    const text = 'head\na b c\nd e f\nx|y\nz\tw\nend'
    expect(run(text)).toEqual(['head\nend'])
    expect(mapperRunner(removeTableTextMapper, { min_col: 3 })(text)).toEqual(['head\nx|y\nz\tw\nend'])
    expect(mapperRunner(removeTableTextMapper, { max_col: 2 })(text)).toEqual(['head\na b c\nd e f\nend'])
  })

  it('never takes the first line, and needs two lines of a table', () => {
    expect(run('a b\nc d\ne', 'x\na b\ny', 'x\na b\nc d\n')).toEqual(['a b\nc d\ne', 'x\na b\ny', 'x\n'])
  })

  it('refuses a column count outside 2..20', () => {
    expect(() => mapperRunner(removeTableTextMapper, { min_col: 1 })).toThrow(/min_col' must be at least 2/)
    expect(() => mapperRunner(removeTableTextMapper, { max_col: 21 })).toThrow(/max_col' must be at most 20/)
  })
})
