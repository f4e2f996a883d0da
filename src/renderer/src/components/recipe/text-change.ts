/** A run of text both versions share, or that only the old (removed) or only the new (added) has. */
export interface Segment {
  kind: 'same' | 'removed' | 'added'
  text: string
}

/** How many equal characters in a row count as the texts agreeing again after a change. */
const RESYNC = 6
/** How far ahead in either text a change may reach before the rest is taken as replaced. */
const WINDOW = 80

function push(segments: Segment[], kind: Segment['kind'], text: string): void {
  if (text === '') return
  const last = segments[segments.length - 1]
  if (last?.kind === kind) last.text += text
  else segments.push({ kind, text })
}

function agreeAt(before: string, after: string, i: number, j: number): boolean {
  return before.slice(i, i + RESYNC) === after.slice(j, j + RESYNC)
}

/**
 * What a mapper changed, as shared, removed and added runs. Greedy: at each difference it takes
 * the smallest skip in either text after which both agree again for a few characters. Good
 * enough to show readers where a text changed; not a minimal diff.
 */
export function textDiff(before: string, after: string): Segment[] {
  const segments: Segment[] = []
  let i = 0
  let j = 0
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      push(segments, 'same', before[i]!)
      i++
      j++
      continue
    }
    let skip: [number, number] | null = null
    for (let total = 1; total <= 2 * WINDOW && skip === null; total++) {
      for (let di = Math.max(0, total - WINDOW); di <= Math.min(total, WINDOW); di++) {
        const dj = total - di
        if (i + di > before.length || j + dj > after.length) continue
        if (agreeAt(before, after, i + di, j + dj)) {
          skip = [di, dj]
          break
        }
      }
    }
    const [di, dj] = skip ?? [before.length - i, after.length - j]
    push(segments, 'removed', before.slice(i, i + di))
    push(segments, 'added', after.slice(j, j + dj))
    i += di
    j += dj
  }
  return segments
}

/** Shared runs cut to `chars` of context around each change, so a long text shows where it changed. */
export function trimSame(segments: Segment[], chars: number): Segment[] {
  return segments.map((segment, index) => {
    if (segment.kind !== 'same') return segment
    const first = index === 0
    const last = index === segments.length - 1
    const text = segment.text
    if (first && text.length > chars) return { ...segment, text: `…${text.slice(-chars)}` }
    if (last && text.length > chars) return { ...segment, text: `${text.slice(0, chars)}…` }
    if (!first && !last && text.length > 2 * chars) return { ...segment, text: `${text.slice(0, chars)} … ${text.slice(-chars)}` }
    return segment
  })
}

// Characters a reader cannot see or cannot tell from a plain space, which whitespace mappers change.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]/g

/** The text with each invisible or unusual space written as its code point, e.g. ⟨U+00A0⟩. */
export function showInvisibles(text: string): string {
  return text.replace(INVISIBLE, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`)
}
