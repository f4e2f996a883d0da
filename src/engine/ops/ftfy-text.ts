/**
 * A port of `ftfy.fix_text` (ftfy 6, default configuration with a chosen normalization), which
 * Data-Juicer's fix_unicode_mapper calls.
 *
 * Covered, step by step as ftfy does them, per line and repeated until nothing changes:
 * - unescape_html "auto": HTML entities (`&amp;`, `&eacute;`, `&#x2019;`, upper-cased `&EACUTE;`)
 *   are decoded, but no longer from the first line containing '<' onwards;
 * - fix_encoding: the mojibake detector (ftfy's badness heuristic) and re-decoding as UTF-8 of text
 *   that was decoded as Latin-1, sloppy Windows-1252/1251/1250/1253/1254/1257, ISO-8859-2, MacRoman
 *   or CP437, including restore_byte_a0, replace_lossy_sequences, CESU-8/Java "utf-8-variants",
 *   decode_inconsistent_utf8 (mojibake inside otherwise good text) and Latin-1 → Windows-1252;
 * - fix_c1_controls, fix_latin_ligatures, fix_character_width (fullwidth → ASCII, halfwidth
 *   katakana → fullwidth, U+3000 → space), uncurl_quotes (‘ ’ ‛ ʼ → ', “ ” „ ‟ → "),
 *   fix_line_breaks (\r\n, \r, U+2028, U+2029, U+0085 → \n), fix_surrogates,
 *   remove_terminal_escapes, remove_control_chars, then Unicode normalization.
 * Known differences: `\s`/`\w` in the badness heuristic follow Unicode White_Space/word
 * properties rather than Python's str.isspace/isalnum (they differ on U+001C–U+001F only), the
 * Unicode tables are Node's (ICU) rather than Python's, and segments longer than 1,000,000
 * UTF-16 units (not code points) skip no step.
 */
import { compilePythonRegex } from './pyregex-text'
import { HTML5_ENTITIES } from './html-entities'
import { CHARMAP_ENCODINGS, INVALID_CHARREFS, INVALID_CODEPOINTS, UPPERCASE_ENTITIES, WINDOWS_1252_STRICT } from './ftfy-data'
import { BADNESS_PATTERN, UTF8_DETECTOR_PATTERN } from './ftfy-patterns'

export type Normalization = 'NFC' | 'NFKC' | 'NFD' | 'NFKD'

interface Codec {
  name: string
  sloppy: boolean
  /** Character → byte, for the characters of bytes 0x80–0xFF and 0x1A. */
  encode: Map<number, number>
}

const CODECS: Codec[] = CHARMAP_ENCODINGS.map(([name, high, sub]) => {
  const encode = new Map<number, number>()
  for (let b = 0; b < 0x80; b++) if (b !== 0x1a) encode.set(b, b)
  encode.set(sub.charCodeAt(0), 0x1a)
  for (let b = 0x80; b < 0x100; b++) encode.set(high.charCodeAt(b - 0x80), b)
  return { name, sloppy: name.startsWith('sloppy'), encode }
})

const SLOPPY_1252 = CHARMAP_ENCODINGS.find(([name]) => name === 'sloppy-windows-1252')![1]

/** Encodes text in a single-byte codec as a binary string (one char per byte), or null if it can't be. */
function encodeBytes(text: string, codec: Codec): string | null {
  const out = new Array<string>(text.length)
  for (let i = 0; i < text.length; i++) {
    const b = codec.encode.get(text.charCodeAt(i))
    if (b === undefined) return null
    out[i] = String.fromCharCode(b)
  }
  return out.join('')
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

function toBytes(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Strict UTF-8 decoding of a binary string; throws on invalid input, as Python's 'utf-8' does. */
function decodeUtf8(binary: string): string {
  return UTF8.decode(toBytes(binary))
}

const CESU_OR_JAVA_NUL = /\xed[\xa0-\xaf][\x80-\xbf]\xed[\xb0-\xbf][\x80-\xbf]|\xc0\x80/g

/** ftfy's 'utf-8-variants': UTF-8 that also accepts CESU-8 surrogate pairs and Java's C0 80 for NUL. */
function decodeUtf8Variants(binary: string): string {
  const parts: string[] = []
  let last = 0
  for (const m of binary.matchAll(CESU_OR_JAVA_NUL)) {
    parts.push(decodeUtf8(binary.slice(last, m.index)))
    const s = m[0]
    if (s.length === 2) parts.push('\0')
    else {
      const hi = 0xd000 | ((s.charCodeAt(1) & 0x3f) << 6) | (s.charCodeAt(2) & 0x3f)
      const lo = 0xd000 | ((s.charCodeAt(4) & 0x3f) << 6) | (s.charCodeAt(5) & 0x3f)
      parts.push(String.fromCharCode(hi, lo))
    }
    last = m.index + s.length
  }
  parts.push(decodeUtf8(binary.slice(last)))
  return parts.join('')
}

const BADNESS_RE = new RegExp(compilePythonRegex(BADNESS_PATTERN).regex.source, 'v')
const UTF8_DETECTOR_RE = compilePythonRegex(UTF8_DETECTOR_PATTERN).regex
const UTF8_DETECTOR_TEST = new RegExp(UTF8_DETECTOR_RE.source, 'v')

/** ftfy.badness.is_bad: does the text contain a sequence typical of mojibake? */
export function isBad(text: string): boolean {
  return BADNESS_RE.test(text)
}

const ALTERED_UTF8_RE =
  /[\xc2\xc3\xc5\xce\xd0\xd9][ ]|[\xe2\xe3][ ][\x80-\x84\x86-\x9f\xa1-\xbf]|[\xe0-\xe3][\x80-\x84\x86-\x9f\xa1-\xbf][ ]|[\xf0][ ][\x80-\xbf][\x80-\xbf]|[\xf0][\x80-\xbf][ ][\x80-\xbf]|[\xf0][\x80-\xbf][\x80-\xbf][ ]/
const ALTERED_UTF8_ALL = new RegExp(ALTERED_UTF8_RE.source, 'g')
const A_GRAVE_WORD_RE = /\xc3 (?! |quele|quela|quilo|s )/g
const LOSSY_UTF8_RE =
  /[\xc2-\xdf][\x1a]|[\xc2-\xc3][?]|\xed[\xa0-\xaf][\x1a?]\xed[\xb0-\xbf][\x1a?\x80-\xbf]|\xed[\xa0-\xaf][\x1a?\x80-\xbf]\xed[\xb0-\xbf][\x1a?]|[\xe0-\xef][\x1a?][\x1a\x80-\xbf]|[\xe0-\xef][\x1a\x80-\xbf][\x1a?]|[\xf0-\xf4][\x1a?][\x1a\x80-\xbf][\x1a\x80-\xbf]|[\xf0-\xf4][\x1a\x80-\xbf][\x1a?][\x1a\x80-\xbf]|[\xf0-\xf4][\x1a\x80-\xbf][\x1a\x80-\xbf][\x1a?]|\x1a/g
const C1_CONTROL_RE = /[\x80-\x9f]/g
const NOT_ASCII = /[^\x00-\x7f]/

/** Puts back byte A0 where a space stands for it inside a UTF-8 sequence (ftfy restore_byte_a0). */
function restoreByteA0(bytes: string): string {
  return bytes.replace(A_GRAVE_WORD_RE, '\xc3\xa0 ').replace(ALTERED_UTF8_ALL, (m) => m.replaceAll(' ', '\xa0'))
}

/** One step of ftfy's fix_encoding (`_fix_encoding_one_step_and_explain`). */
function fixEncodingOneStep(text: string): string {
  if (text === '' || !NOT_ASCII.test(text) || !isBad(text)) return text
  let latin1Possible = false
  for (const codec of CODECS) {
    let bytes = encodeBytes(text, codec)
    if (bytes === null) continue
    if (codec.name === 'latin-1') latin1Possible = true
    try {
      if (codec.name !== 'macroman' && ALTERED_UTF8_RE.test(bytes)) bytes = restoreByteA0(bytes)
      if (codec.sloppy) bytes = bytes.replace(LOSSY_UTF8_RE, '\xef\xbf\xbd')
      return bytes.includes('\xed') || bytes.includes('\xc0') ? decodeUtf8Variants(bytes) : decodeUtf8(bytes)
    } catch {
      // not UTF-8 in this encoding; try the next one
    }
  }
  if (UTF8_DETECTOR_TEST.test(text)) {
    const fixed = decodeInconsistentUtf8(text)
    if (fixed !== text) return fixed
  }
  if (latin1Possible) {
    // ftfy checks for 'windows-1252' among the possible encodings, which only lists the sloppy
    // one, so this always tries strict Windows-1252.
    const fixed = decodeStrict1252(text)
    if (fixed !== null && fixed !== text) return fixed
  }
  C1_CONTROL_RE.lastIndex = 0
  if (C1_CONTROL_RE.test(text)) return fixC1Controls(text)
  return text
}

function decodeStrict1252(latin1: string): string | null {
  let out = ''
  for (let i = 0; i < latin1.length; i++) {
    const c = latin1.charCodeAt(i)
    if (c < 0x80) out += latin1[i]
    else {
      const d = WINDOWS_1252_STRICT[c - 0x80]!
      if (d === '\uffff') return null
      out += d
    }
  }
  return out
}

/** ftfy.fix_encoding: re-decodes mojibake until the text stops changing. */
export function fixEncoding(text: string): string {
  for (;;) {
    const next = fixEncodingOneStep(text)
    if (next === text) return text
    text = next
  }
}

function decodeInconsistentUtf8(text: string): string {
  return text.replace(UTF8_DETECTOR_RE, (substr) => (substr.length < text.length && isBad(substr) ? fixEncoding(substr) : substr))
}

function fixC1Controls(text: string): string {
  return text.replace(C1_CONTROL_RE, (c) => SLOPPY_1252[c.charCodeAt(0) - 0x80]!)
}

const HTML_ENTITY_RE = /&#?[0-9A-Za-z]{1,24};/g
const NUMERIC_REFERENCE = /^&#(?:([0-9]+)|[xX]([0-9a-fA-F]+));$/

function entity(text: string): string {
  const named = text.startsWith('&#') ? undefined : (HTML5_ENTITIES[text.slice(1)] ?? UPPERCASE_ENTITIES[text])
  if (named !== undefined) return named
  const m = NUMERIC_REFERENCE.exec(text)
  if (m === null) return text
  // Python's html.unescape for one numeric reference
  const value = m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16)
  const replaced = INVALID_CHARREFS[value]
  if (replaced !== undefined) return replaced
  if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) return '\ufffd'
  if (INVALID_CODEPOINTS.has(value)) return ''
  return String.fromCodePoint(value)
}

/** ftfy.fixes.unescape_html. */
export function unescapeHtml(text: string): string {
  return text.includes('&') ? text.replace(HTML_ENTITY_RE, entity) : text
}

const LIGATURES: Record<string, string> = {
  Ĳ: 'IJ',
  ĳ: 'ij',
  ŉ: 'ʼn',
  Ǳ: 'DZ',
  ǲ: 'Dz',
  ǳ: 'dz',
  Ǆ: 'DŽ',
  ǅ: 'Dž',
  ǆ: 'dž',
  Ǉ: 'LJ',
  ǈ: 'Lj',
  ǉ: 'lj',
  Ǌ: 'NJ',
  ǋ: 'Nj',
  ǌ: 'nj',
  ﬀ: 'ff',
  ﬁ: 'fi',
  ﬂ: 'fl',
  ﬃ: 'ffi',
  ﬄ: 'ffl',
  ﬅ: 'ſt',
  ﬆ: 'st'
}
const LIGATURE_RE = new RegExp(`[${Object.keys(LIGATURES).join('')}]`, 'g')

const WIDTH_MAP = new Map<string, string>([['\u3000', ' ']])
for (let c = 0xff01; c < 0xfff0; c++) {
  const ch = String.fromCharCode(c)
  const alt = ch.normalize('NFKC')
  if (alt !== ch) WIDTH_MAP.set(ch, alt)
}
const WIDTH_RE = new RegExp(`[${[...WIDTH_MAP.keys()].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`, 'g')

const SINGLE_QUOTE_RE = /[\u02bc\u2018-\u201b]/g
const DOUBLE_QUOTE_RE = /[\u201c-\u201f]/g
const LINE_BREAK_RE = /\r\n?|[\u2028\u2029\u0085]/g
const LONE_SURROGATE_RE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
const TERMINAL_ESCAPE_RE = /\x1b\[(?:\p{Nd}|;)*[a-zA-Z]/gu
const CONTROL_CHARS_RE = /[\x00-\x08\x0b\x0e-\x1f\x7f\u206a-\u206f\ufeff\ufff9-\ufffc]/g

/**
 * Characters some per-character fixer changes: C1 controls, ligatures, width forms, curly quotes,
 * line breaks other than \n, surrogates, escape and control characters.
 */
const NEEDS_FIX = new RegExp(
  `[\\x00-\\x08\\x0b\\x0d-\\x1f\\x7f-\\x9f${Object.keys(LIGATURES).join('')}${WIDTH_RE.source.slice(1, -1)}\\u02bc\\u2018-\\u201f\\u2028\\u2029\\u206a-\\u206f\\ud800-\\udfff\\ufeff\\ufff9-\\ufffc]`
)

/** True when no step of fixSegment would change the text (the common case, checked cheaply). */
function alreadyFixed(text: string, unescape: boolean, normalization: Normalization): boolean {
  if (NEEDS_FIX.test(text) || (unescape && text.includes('&'))) return false
  if (!NOT_ASCII.test(text)) return true
  return !isBad(text) && text.normalize(normalization) === text
}

/** `fix_and_explain` on one segment, with unescape_html on or off. */
function fixSegment(text: string, unescape: boolean, normalization: Normalization): string {
  if (alreadyFixed(text, unescape, normalization)) return text
  for (;;) {
    const original = text
    if (unescape) text = unescapeHtml(text)
    text = fixEncoding(text)
    text = fixC1Controls(text)
    text = text.replace(LIGATURE_RE, (c) => LIGATURES[c]!)
    text = text.replace(WIDTH_RE, (c) => WIDTH_MAP.get(c)!)
    text = text.replace(DOUBLE_QUOTE_RE, '"').replace(SINGLE_QUOTE_RE, "'")
    text = text.replace(LINE_BREAK_RE, '\n')
    text = text.replace(LONE_SURROGATE_RE, '\ufffd')
    text = text.replace(TERMINAL_ESCAPE_RE, '')
    text = text.replace(CONTROL_CHARS_RE, '')
    text = text.normalize(normalization)
    if (text === original) return text
  }
}

const MAX_DECODE_LENGTH = 1_000_000

/** `ftfy.fix_text(text, normalization=...)`: fixed line by line. */
export function fixText(text: string, normalization: Normalization): string {
  const out: string[] = []
  let unescape = true
  for (let pos = 0; pos < text.length;) {
    let end = text.indexOf('\n', pos) + 1
    if (end === 0) end = text.length
    if (end - pos > MAX_DECODE_LENGTH) {
      end = pos + MAX_DECODE_LENGTH
      const c = text.charCodeAt(end - 1)
      if (c >= 0xd800 && c <= 0xdbff) end++
    }
    const segment = text.slice(pos, end)
    if (unescape && segment.includes('<')) unescape = false
    out.push(fixSegment(segment, unescape, normalization))
    pos = end
  }
  return out.join('')
}
