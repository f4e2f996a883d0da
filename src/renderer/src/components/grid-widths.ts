/** Bounds of a column sized by its content: narrow enough to see several, wide enough to read a short value whole. */
export const MIN_COLUMN_WIDTH = 60
export const MAX_COLUMN_WIDTH = 480
/** The cell's padding and the header's resize handle. */
const CELL_PADDING = 24
/** Only the start of a long value can show in a one-line cell; measuring more would cost without changing the width. */
const MEASURED_CHARS = 120

/** A cell's value as its one line shows it: each line break a visible mark, so a value with newlines reads as one. */
export function oneLine(text: string): string {
  return text.replace(/\r?\n/g, ' ⏎ ')
}

/**
 * Column widths from what the columns hold: each is as wide as its header or its widest value among `rows`
 * (as drawn on one line), within MIN_COLUMN_WIDTH and MAX_COLUMN_WIDTH. `measure` gives a text's width in pixels.
 */
export function contentWidths(columns: readonly string[], rows: readonly (readonly string[])[], measure: (text: string) => number): number[] {
  return columns.map((name, c) => {
    let widest = measure(name)
    for (const row of rows) {
      const value = row[c]
      if (value !== undefined && value !== '') widest = Math.max(widest, measure(oneLine(value.slice(0, MEASURED_CHARS))))
    }
    return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, widest + CELL_PADDING)))
  })
}
