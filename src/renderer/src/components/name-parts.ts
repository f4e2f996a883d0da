/** The separators a long identifier may wrap after: `whitespace_normalization_mapper`, `/a/b/c.parquet`. */
const SEPARATOR = /(?<=[_/\\.-])/

/**
 * An identifier cut after each separator, so a narrow column wraps it between words instead of cutting it
 * ("whitespac…") or breaking inside a word ("Float6/4"). Joined again, the parts are the text unchanged.
 */
export function nameParts(text: string): string[] {
  return text.split(SEPARATOR).filter((part) => part !== '')
}
