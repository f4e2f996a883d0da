/**
 * Python's `str.splitlines()` (no keepends), which Data-Juicer's line filters use: a line ends at
 * \n, \r, \r\n, \v, \f, \x1c, \x1d, \x1e, \x85, \u2028 or \u2029; a break at the very end does not
 * start an empty last line; '' has no lines and '\n' has one empty line.
 */

function isLineBreak(c: number): boolean {
  return (c >= 0x0a && c <= 0x0d) || (c >= 0x1c && c <= 0x1e) || c === 0x85 || c === 0x2028 || c === 0x2029
}

const LINE_BREAKS = /\r\n|[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]/

/** `text.splitlines()`. */
export function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split(LINE_BREAKS)
  // A break at the very end leaves one empty string after it, which Python does not return.
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

/**
 * The number of lines `text.splitlines()` returns and the longest one's length in code points
 * (`max(map(len, lines))`, 0 without lines), in one pass without building the lines.
 */
export function lineStats(text: string): { lines: number; maxLength: number } {
  let lines = 0
  let maxLength = 0
  let current = 0
  let inLine = false
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (isLineBreak(c)) {
      lines++
      if (current > maxLength) maxLength = current
      current = 0
      inLine = false
      if (c === 0x0d && i + 1 < n && text.charCodeAt(i + 1) === 0x0a) i++
      continue
    }
    inLine = true
    // A surrogate pair is one code point: count only its high half.
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const prev = text.charCodeAt(i - 1)
      if (prev >= 0xd800 && prev <= 0xdbff) continue
    }
    current++
  }
  if (inLine) {
    lines++
    if (current > maxLength) maxLength = current
  }
  return { lines, maxLength }
}
