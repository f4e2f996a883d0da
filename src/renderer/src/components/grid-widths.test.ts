import { describe, expect, it } from 'vitest'
import { contentWidths, MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH, oneLine } from './grid-widths'

/** Seven pixels a character, as a monospace font of about 12 px draws them. */
const measure = (text: string): number => text.length * 7

describe('the inspector grid sizes columns by their content', () => {
  it('a column is as wide as its header or its widest value, with room for padding', () => {
    const widths = contentWidths(
      ['id', 'title'],
      [
        ['d1', 'a short title'],
        ['d22', 'x']
      ],
      measure
    )
    expect(widths).toEqual([Math.max(MIN_COLUMN_WIDTH, 3 * 7 + 24), 13 * 7 + 24])
  })

  it('a long value is capped, and an empty column keeps its header readable', () => {
    const widths = contentWidths(['text', 'a_rather_long_column_name'], [['x'.repeat(5000), '']], measure)
    expect(widths[0]).toBe(MAX_COLUMN_WIDTH)
    expect(widths[1]).toBe(25 * 7 + 24)
  })

  it('line breaks show as marks on the one line a cell has, and count in its width', () => {
    expect(oneLine('first\nsecond\r\nthird')).toBe('first ⏎ second ⏎ third')
    expect(contentWidths(['v'], [['ab\ncd']], measure)).toEqual([Math.max(MIN_COLUMN_WIDTH, 'ab ⏎ cd'.length * 7 + 24)])
  })
})
