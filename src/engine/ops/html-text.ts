/**
 * The text of an HTML document's body, as `selectolax.parser.HTMLParser(html).text()` gives it
 * (Data-Juicer's clean_html_mapper): the concatenation, without separators, of every text node
 * under <body>, after parsing the way an HTML5 parser does.
 *
 * What follows the HTML5 parsing rules:
 * - tokenizing: tags (attributes may hold '>' inside quotes), comments (`<!-- -->`, `<!-->`,
 *   `--!>`), doctype, `<?...>` and `</ ...>` bogus comments, a '<' not starting a tag kept as text,
 *   an unfinished tag at the end dropped;
 * - character references in text: all 2231 HTML5 names (legacy ones without ';' too, so "&copy 2"
 *   is "© 2"), decimal and hex numbers with the spec's replacements (0, surrogates and >U+10FFFF
 *   become U+FFFD, 0x80–0x9F read as Windows-1252);
 * - CR LF and CR become LF; NUL in text is dropped;
 * - raw text: the content of script, style, xmp, iframe, noembed, noframes is kept verbatim,
 *   textarea and title content has references decoded, everything after <plaintext> is text;
 * - what is not body text: whitespace before the body starts, and the <head> content (title,
 *   style, script, … met before any body content), comments and doctype;
 * - a newline right after <pre>, <listing> or <textarea> is dropped;
 * - foster parenting: text (and elements other than script/style) placed directly inside a table,
 *   outside its cells, is moved before the table.
 * Simplified: SVG/MathML (CDATA sections are comments here), <template> content is kept, and the
 * script-data "escaped" states (`<!--` inside a script) are not modelled.
 */
import { HTML5_ENTITIES } from './html-entities'

const WINDOWS_1252_C1: Record<number, number> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x83: 0x0192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x02c6,
  0x89: 0x2030,
  0x8a: 0x0160,
  0x8b: 0x2039,
  0x8c: 0x0152,
  0x8e: 0x017d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x02dc,
  0x99: 0x2122,
  0x9a: 0x0161,
  0x9b: 0x203a,
  0x9c: 0x0153,
  0x9e: 0x017e,
  0x9f: 0x0178
}

const LONGEST_ENTITY = Math.max(...Object.keys(HTML5_ENTITIES).map((k) => k.length))

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)
}

function isAlnum(c: number): boolean {
  return isAlpha(c) || (c >= 0x30 && c <= 0x39)
}

function isHtmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d
}

function numericReference(cp: number): string {
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd'
  const mapped = WINDOWS_1252_C1[cp]
  return String.fromCodePoint(mapped ?? cp)
}

/** A character reference at `s[i] === '&'`: its text and the index after it, or null if there is none. */
function characterReference(s: string, i: number): [string, number] | null {
  const c = s.charCodeAt(i + 1)
  if (c === 0x23) {
    // '#'
    let j = i + 2
    const hex = s[j] === 'x' || s[j] === 'X'
    if (hex) j++
    const start = j
    let value = 0
    for (; j < s.length; j++) {
      const d = s.charCodeAt(j)
      const digit = d >= 0x30 && d <= 0x39 ? d - 0x30 : hex && (d | 0x20) >= 0x61 && (d | 0x20) <= 0x66 ? (d | 0x20) - 0x57 : -1
      if (digit < 0) break
      value = Math.min(value * (hex ? 16 : 10) + digit, 0x110000)
    }
    if (j === start) return null
    if (s[j] === ';') j++
    return [numericReference(value), j]
  }
  if (!isAlnum(c)) return null
  let j = i + 1
  while (j < s.length && j - i <= LONGEST_ENTITY && isAlnum(s.charCodeAt(j))) j++
  if (s[j] === ';') {
    const withSemicolon = HTML5_ENTITIES[s.slice(i + 1, j + 1)]
    if (withSemicolon !== undefined) return [withSemicolon, j + 1]
  }
  for (let k = j; k > i + 1; k--) {
    const legacy = HTML5_ENTITIES[s.slice(i + 1, k)]
    if (legacy !== undefined) return [legacy, k]
  }
  return null
}

/** Text with its character references decoded (data and RCDATA states). */
export function decodeReferences(s: string): string {
  if (!s.includes('&')) return s
  const parts: string[] = []
  let last = 0
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i)) {
    const ref = characterReference(s, i)
    if (ref === null) {
      i++
      continue
    }
    parts.push(s.slice(last, i), ref[0])
    last = i = ref[1]
  }
  parts.push(s.slice(last))
  return parts.join('')
}

interface Tag {
  name: string
  end: boolean
  selfClosing: boolean
  /** Index after the tag's '>'. */
  next: number
}

/** Parses a tag whose name starts at `p` (after '<' or '</'); null if the input ends inside it. */
function parseTag(s: string, p: number, end: boolean): Tag | null {
  const n = s.length
  let i = p
  while (i < n) {
    const c = s.charCodeAt(i)
    if (isHtmlSpace(c) || c === 0x2f || c === 0x3e) break
    i++
  }
  const name = s.slice(p, i).toLowerCase()
  let selfClosing = false
  while (i < n) {
    const c = s.charCodeAt(i)
    if (c === 0x3e) return { name, end, selfClosing, next: i + 1 }
    if (c === 0x2f) {
      i++
      selfClosing = s.charCodeAt(i) === 0x3e
      continue
    }
    selfClosing = false
    if (isHtmlSpace(c)) {
      i++
      continue
    }
    // attribute name (a leading '=' belongs to it)
    i++
    while (i < n) {
      const d = s.charCodeAt(i)
      if (isHtmlSpace(d) || d === 0x2f || d === 0x3e || d === 0x3d) break
      i++
    }
    while (i < n && isHtmlSpace(s.charCodeAt(i))) i++
    if (s.charCodeAt(i) !== 0x3d) continue
    i++
    while (i < n && isHtmlSpace(s.charCodeAt(i))) i++
    const q = s.charCodeAt(i)
    if (q === 0x22 || q === 0x27) {
      const close = s.indexOf(q === 0x22 ? '"' : "'", i + 1)
      if (close < 0) return null
      i = close + 1
    } else {
      while (i < n) {
        const d = s.charCodeAt(i)
        if (isHtmlSpace(d) || d === 0x3e) break
        i++
      }
    }
  }
  return null
}

const VOID = new Set([
  'area',
  'base',
  'basefont',
  'bgsound',
  'br',
  'col',
  'embed',
  'frame',
  'hr',
  'image',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr'
])
const RAWTEXT = new Set(['style', 'xmp', 'iframe', 'noembed', 'noframes', 'script'])
const RCDATA = new Set(['textarea', 'title'])
const HEAD_VOID = new Set(['base', 'basefont', 'bgsound', 'link', 'meta'])
const HEAD_RAW = new Set(['title', 'style', 'noframes', 'script'])
const TABLE_SECTIONS = new Set(['tbody', 'thead', 'tfoot', 'tr'])
const CELLS = new Set(['td', 'th', 'caption'])

interface TableFrame {
  slot: number
  inCell: boolean
  /** Open elements that were moved before the table, innermost last. */
  fostered: string[]
}

type Mode = 'beforeBody' | 'body'

class BodyText {
  private readonly out: string[] = []
  private mode: Mode = 'beforeBody'
  private readonly tables: TableFrame[] = []
  private skipNewline = false

  text(t: string, raw: boolean): void {
    if (t === '') return
    if (this.mode !== 'body') {
      let k = 0
      while (k < t.length && isHtmlSpace(t.charCodeAt(k))) k++
      if (k === t.length) return
      t = t.slice(k)
      this.mode = 'body'
    }
    if (this.skipNewline) {
      this.skipNewline = false
      if (t.charCodeAt(0) === 0x0a) t = t.slice(1)
      if (t === '') return
    }
    const table = this.tables[this.tables.length - 1]
    if (table !== undefined && !table.inCell && (table.fostered.length > 0 || (!raw && /[^\t\n\f\r ]/.test(t)))) {
      this.out[table.slot] += t
    } else this.out.push(t)
  }

  /** Handles a start tag; returns the tokenizer state it switches to. */
  start(name: string): 'data' | 'rawtext' | 'rcdata' | 'plaintext' | 'droptext' {
    this.skipNewline = false
    if (this.mode !== 'body') {
      if (name === 'html' || name === 'head' || name === 'template' || name === 'noscript' || HEAD_VOID.has(name)) return 'data'
      if (HEAD_RAW.has(name)) return 'droptext'
      this.mode = 'body'
      if (name === 'body' || name === 'frameset') return 'data'
    }
    const table = this.tables[this.tables.length - 1]
    if (name === 'table') {
      if (table !== undefined && !table.inCell && table.fostered.length === 0) this.tables.pop()
      this.out.push('')
      this.tables.push({ slot: this.out.length - 1, inCell: false, fostered: [] })
      return 'data'
    }
    if (table !== undefined && table.fostered.length === 0) {
      if (CELLS.has(name)) table.inCell = true
      else if (TABLE_SECTIONS.has(name) || name === 'col' || name === 'colgroup') table.inCell = false
      else if (
        !table.inCell &&
        name !== 'script' &&
        name !== 'style' &&
        name !== 'template' &&
        name !== 'input' &&
        name !== 'form' &&
        !VOID.has(name)
      ) {
        table.fostered.push(name)
      }
    } else if (table !== undefined && !VOID.has(name)) table.fostered.push(name)
    if (name === 'pre' || name === 'listing' || name === 'textarea') this.skipNewline = true
    if (name === 'plaintext') return 'plaintext'
    if (RAWTEXT.has(name)) return 'rawtext'
    if (RCDATA.has(name)) return 'rcdata'
    return 'data'
  }

  end(name: string): void {
    this.skipNewline = false
    if (this.mode !== 'body') {
      if (name === 'body' || name === 'html' || name === 'br') this.mode = 'body'
      return
    }
    const table = this.tables[this.tables.length - 1]
    if (table === undefined) return
    if (table.fostered.length > 0) {
      const at = table.fostered.lastIndexOf(name)
      if (at >= 0) table.fostered.length = at
      else if (name === 'table') this.tables.pop()
      return
    }
    if (name === 'table') this.tables.pop()
    else if (CELLS.has(name) || TABLE_SECTIONS.has(name)) table.inCell = false
  }

  result(): string {
    return this.out.join('')
  }
}

/** The end of the raw text started by `<name>`: the index of its `</name` end tag, or -1. */
function rawTextEnd(s: string, from: number, name: string): number {
  for (let k = s.indexOf('</', from); k >= 0; k = s.indexOf('</', k + 2)) {
    if (s.slice(k + 2, k + 2 + name.length).toLowerCase() !== name) continue
    const after = s.charCodeAt(k + 2 + name.length)
    if (isHtmlSpace(after) || after === 0x2f || after === 0x3e) return k
  }
  return -1
}

/** `HTMLParser(html).text()` of selectolax: the body's text nodes, joined. */
export function htmlBodyText(html: string): string {
  const s = html.includes('\r') ? html.replace(/\r\n?/g, '\n') : html
  const doc = new BodyText()
  const n = s.length
  let i = 0
  let pending = ''
  const flush = (): void => {
    if (pending !== '') doc.text(pending, false)
    pending = ''
  }
  while (i < n) {
    const lt = s.indexOf('<', i)
    const stop = lt < 0 ? n : lt
    if (stop > i) pending += decodeReferences(s.slice(i, stop).replace(/\0/g, ''))
    if (lt < 0) break
    i = lt
    const c1 = s.charCodeAt(i + 1)
    if (isAlpha(c1) || (c1 === 0x2f && isAlpha(s.charCodeAt(i + 2)))) {
      const end = c1 === 0x2f
      const tag = parseTag(s, i + (end ? 2 : 1), end)
      if (tag === null) break
      flush()
      i = tag.next
      if (end) {
        doc.end(tag.name)
        continue
      }
      const state = doc.start(tag.name)
      if (state === 'data') continue
      if (state === 'plaintext') {
        doc.text(s.slice(i).replace(/\0/g, '\ufffd'), true)
        break
      }
      const close = rawTextEnd(s, i, tag.name)
      let body = s.slice(i, close < 0 ? n : close).replace(/\0/g, '\ufffd')
      if (state === 'rcdata') body = decodeReferences(body)
      if (state !== 'droptext') doc.text(body, true)
      if (close < 0) break
      const endTag = parseTag(s, close + 2, true)
      if (endTag === null) break
      doc.end(endTag.name)
      i = endTag.next
      continue
    }
    if (c1 === 0x2f) {
      // '</' not followed by a letter: '</>' is dropped, anything else is a bogus comment
      if (i + 2 >= n) {
        pending += '</'
        break
      }
      flush()
      const close = s.indexOf('>', i + 2)
      if (close < 0) break
      i = close + 1
      continue
    }
    if (c1 === 0x21) {
      // '<!'
      flush()
      if (s.startsWith('<!--', i)) {
        if (s.startsWith('>', i + 4)) i += 5
        else if (s.startsWith('->', i + 4)) i += 6
        else {
          const a = s.indexOf('-->', i + 4)
          const b = s.indexOf('--!>', i + 4)
          if (a < 0 && b < 0) break
          i = a >= 0 && (b < 0 || a <= b) ? a + 3 : b + 4
        }
        continue
      }
      const close = s.indexOf('>', i + 2)
      if (close < 0) break
      i = close + 1
      continue
    }
    if (c1 === 0x3f) {
      // '<?': a bogus comment
      flush()
      const close = s.indexOf('>', i + 2)
      if (close < 0) break
      i = close + 1
      continue
    }
    pending += '<'
    i++
  }
  flush()
  return doc.result()
}
