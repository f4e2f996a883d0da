/**
 * HTML as BeautifulSoup builds it with Python's html.parser (Data-Juicer's
 * extract_tables_from_html_mapper): a tree in which every element is closed only by its own end
 * tag (an end tag closes the most recent open element of its name and is ignored when none is
 * open; no HTML5 implied ends, so a `<td>` without `</td>` holds the next cell), void elements
 * (br, img, …) are empty, script and style hold raw text, and character references in text and
 * attribute values are decoded, and a string of whitespace alone is one newline or space. Serialized as `str(tag)` writes it (the "minimal" formatter).
 */
import { decodeReferences } from './html-text'
import { isPythonSpace } from './text'

export interface HtmlElement {
  name: string
  attrs: [string, string][]
  children: HtmlNode[]
}
export type HtmlNode = HtmlElement | { text: string; kind: 'text' | 'raw' | 'comment' | 'other' }

const VOID = new Set(
  'area base br col embed hr img input keygen link menuitem meta param source track wbr basefont bgsound command frame image isindex nextid spacer'.split(
    ' '
  )
)
const RAW = new Set(['script', 'style'])
/** BeautifulSoup's multi-valued attributes: split on whitespace and rejoined with one space. */
const LIST_ATTRS = new Set(['class', 'rel', 'rev', 'accept-charset', 'headers', 'accesskey', 'dropzone'])

const ASCII_SPACE_ONLY = /^[ \t\n\r\f]+$/

const ATTR = /^[\s/]*([^\s/>][^\s/=>]*)(?:\s*=\s*('[^']*'|"[^"]*"|(?![\s'"])[^\s>]*))?/

function parseAttrs(src: string): [string, string][] {
  const attrs: [string, string][] = []
  let rest = src
  for (let m = ATTR.exec(rest); m !== null && m[0] !== ''; m = ATTR.exec(rest)) {
    rest = rest.slice(m[0].length)
    let value = m[2] ?? ''
    if (/^(['"]).*\1$/s.test(value)) value = value.slice(1, -1)
    value = decodeReferences(value)
    const name = m[1]!.toLowerCase()
    if (LIST_ATTRS.has(name)) value = value.split(/\s+/).filter(Boolean).join(' ')
    // A repeated attribute keeps its first place and its last value.
    const at = attrs.findIndex(([n]) => n === name)
    if (at >= 0) attrs[at]![1] = value
    else attrs.push([name, value])
  }
  return attrs
}

const START_TAG = /^<([a-zA-Z][^\t\n\r\f />\x00]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/
const END_TAG = /^<\/([a-zA-Z][^\t\n\r\f />\x00]*)[^>]*>/

/** The document's tree; its root element is named '[document]'. */
export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { name: '[document]', attrs: [], children: [] }
  const open: HtmlElement[] = [root]
  const top = (): HtmlElement => open[open.length - 1]!
  const addText = (text: string, kind: 'text' | 'raw' | 'comment' | 'other'): void => {
    if (text === '') return
    const last = top().children[top().children.length - 1]
    if (kind === 'text' && last !== undefined && 'kind' in last && last.kind === 'text') last.text += text
    else top().children.push({ text, kind })
  }
  let i = 0
  let textStart = 0
  const flush = (end: number): void => {
    let text = decodeReferences(html.slice(textStart, end))
    // BeautifulSoup keeps a string of ASCII whitespace only as one newline (if it had one) or one space, outside <pre> and <textarea>.
    if (text !== '' && ASCII_SPACE_ONLY.test(text) && !open.some((e) => e.name === 'pre' || e.name === 'textarea'))
      text = text.includes('\n') ? '\n' : ' '
    addText(text, 'text')
  }
  while (i < html.length) {
    const lt = html.indexOf('<', i)
    if (lt < 0) break
    const rest = html.slice(lt)
    let consumed = 0
    let m: RegExpExecArray | null
    if ((m = START_TAG.exec(rest)) !== null) {
      flush(lt)
      const name = m[1]!.toLowerCase()
      const element: HtmlElement = { name, attrs: parseAttrs(m[2]!), children: [] }
      top().children.push(element)
      consumed = m[0].length
      if (RAW.has(name) && m[3] === '') {
        const close = new RegExp(`</${name}\\s*>`, 'i').exec(html.slice(lt + consumed))
        const end = close === null ? html.length - lt - consumed : close.index
        if (end > 0) element.children.push({ text: html.slice(lt + consumed, lt + consumed + end), kind: 'raw' })
        consumed += end + (close?.[0].length ?? 0)
      } else if (!VOID.has(name) && m[3] === '') open.push(element)
    } else if ((m = END_TAG.exec(rest)) !== null) {
      flush(lt)
      const name = m[1]!.toLowerCase()
      const at = open.map((e) => e.name).lastIndexOf(name)
      if (at > 0) open.length = at
      consumed = m[0].length
    } else if (rest.startsWith('<!--')) {
      flush(lt)
      const end = rest.indexOf('-->', 4)
      addText(rest.slice(4, end < 0 ? rest.length : end), 'comment')
      consumed = end < 0 ? rest.length : end + 3
    } else if (rest.startsWith('<!') || rest.startsWith('<?')) {
      flush(lt)
      const end = rest.indexOf('>')
      addText(rest.slice(0, end < 0 ? rest.length : end + 1), 'other')
      consumed = end < 0 ? rest.length : end + 1
    } else {
      // A '<' that starts nothing stays text.
      i = lt + 1
      continue
    }
    i = lt + consumed
    textStart = i
  }
  flush(html.length)
  return root
}

/** Every descendant element named one of `names`, in document order; with `recursive` false, children only. */
export function findAll(element: HtmlElement, names: readonly string[], recursive = true): HtmlElement[] {
  const out: HtmlElement[] = []
  for (const child of element.children) {
    if (!('name' in child)) continue
    if (names.includes(child.name)) out.push(child)
    if (recursive) out.push(...findAll(child, names))
  }
  return out
}

function pythonStripped(s: string): string {
  let start = 0
  let end = s.length
  while (start < end && isPythonSpace(s.charCodeAt(start))) start++
  while (end > start && isPythonSpace(s.charCodeAt(end - 1))) end--
  return s.slice(start, end)
}

/** `get_text(strip=True)`: the element's text strings (not script or style, not comments), each stripped, empty ones left out, joined. */
export function strippedText(element: HtmlElement): string {
  let out = ''
  for (const child of element.children) {
    if ('name' in child) out += strippedText(child)
    else if (child.kind === 'text') out += pythonStripped(child.text)
  }
  return out
}

const escapeText = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')

function quoteAttr(value: string): string {
  const v = escapeText(value)
  if (!v.includes('"')) return `"${v}"`
  if (!v.includes("'")) return `'${v}'`
  return `"${v.replaceAll('"', '&quot;')}"`
}

/** `str(element)`: the element as BeautifulSoup writes it back. */
export function serialize(node: HtmlNode): string {
  if (!('name' in node)) {
    if (node.kind === 'text') return escapeText(node.text)
    if (node.kind === 'comment') return `<!--${node.text}-->`
    return node.text
  }
  const attrs = node.attrs.map(([k, v]) => ` ${k}=${quoteAttr(v)}`).join('')
  if (VOID.has(node.name) && node.children.length === 0) return `<${node.name}${attrs}/>`
  return `<${node.name}${attrs}>${node.children.map(serialize).join('')}</${node.name}>`
}
