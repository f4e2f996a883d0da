/**
 * Data-Juicer's SPECIAL_CHARACTERS (data_juicer/ops/common/special_characters.py): the set that
 * special_characters_filter counts and that words are stripped of (words_refinement).
 *
 * DJ builds it as set(string.punctuation + string.digits + string.whitespace +
 * OTHER_SPECIAL_CHARACTERS) plus every key of emoji.EMOJI_DATA (emoji==2.2.0, DJ's pin). DJ only
 * ever asks `c in SPECIAL_CHARACTERS` for one code point at a time (the ratio loops over the
 * text's characters, strip() over a word's), so only the single-code-point members matter; the
 * multi-code-point emoji keys (ZWJ sequences, keycaps, flags, skin-tone pairs) can never match.
 *
 * Known approximation: OTHER_SPECIAL_CHARACTERS opens with a run of 24 code points that render as
 * "    　    ￼" (U+3000 and U+FFFC among mostly invisible and space-like characters), and has two
 * invisible code points between '‰' and '‑'. Their exact identities could not be read from the
 * source; the run is taken to be DJ's own VARIOUS_WHITESPACES (the same file's list of unusual
 * spaces, which it visibly resembles). Every other member is exact, including the invisible U+00AD
 * after '�', U+200B after '£' and U+FEFF after '∈' (their positions were verified).
 */

/** Python's string.punctuation + string.digits + string.whitespace. */
const MAIN_SPECIAL_CHARACTERS = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~' + '0123456789' + ' \t\n\r\x0b\x0c'

/** The leading run, taken as DJ's VARIOUS_WHITESPACES (see above). */
const LEADING_RUN =
  ' \t\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u00a0\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufffc\u0084'

/** The rest of OTHER_SPECIAL_CHARACTERS, line by line as DJ writes it, as escapes so nothing hides. */
const OTHER_SPECIAL_CHARACTERS =
  LEADING_RUN +
  '\u2019\u201c\u201d\u2013\u30fc\u4e00\u25ac\u2026\u2726\ufffd\u00ad\u00a3\u200b\u2022\u20ac\u00ab\u00bb\u00b0\u00b7\u2550' +
  '\u00d7\u58eb\uff3e\u02d8\u21d3\u2193\u2191\u2190\u2192\uff08\uff09\u00a7\u2033\u2032\u00b4\u00bf\u2212\u00b1\u2208\ufeff' +
  '\u00a2\u00f8\u201a\u201e\u00bd\u00bc\u00be\u00b9\u00b2\u00b3\u2015\u2043\uff0c\u02cc\u00b8\u2039\u203a\u02ba\u02c8\u02bb' +
  '\u00a6\u2010\u2800\u2030\u2011\u2264\u2265\u2016' +
  '\u25c6\u25cf\u25a0\u25ba\u25bc\u25b2\u25b4\u2206\u25bb\u00a1\u2605\u2606\u2731\u02d0\u00ba\u3002\u00af\u02dc\u00a5\u026a' +
  '\u2248\u2020\u4e0a\u30f3\uff1a\u223c\u2044\u30fb\u2661\u2713\u2295\u2024\uff0e\u22c5\u00f7\uff11\u201f\uff1b\u060c\u3001' +
  '\u00a8\u093e\u09be\u0940\u094d\u0947\u25e6\u02da' +
  '\u309c\u02bc\u2256\u02bc\u00a4\u30c3\u30c4\u30b7\u2103\u221a\uff01\u3010\u3011\u203f\u221e\u27a4\uff5e\u03c0\u0647\u06e9' +
  '\u261b\u20a8\u27a9\u263b\u0e51\u066a\u2665\u0131\u097d\u300a\u2018\u00a9\ufd3f\u066c\uff1f\u25b7\u0413\u266b\u221f\u2122' +
  '\u00aa\u20aa\u00ae\u300c\u2014\u2756' +
  '\u300d\ufd3e\u300b'

/**
 * The single-code-point keys of emoji 2.2.0's EMOJI_DATA (1,386 code points), as hex ranges.
 * They include the skin-tone modifiers U+1F3FB–U+1F3FF, so both halves of 👍🏽 are special.
 */
const EMOJI_RANGES = `
a9 ae 203c 2049 2122 2139 2194-2199 21a9-21aa 231a-231b 2328 23cf 23e9-23f3 23f8-23fa 24c2 25aa-25ab
25b6 25c0 25fb-25fe 2600-2604 260e 2611 2614-2615 2618 261d 2620 2622-2623 2626 262a 262e-262f
2638-263a 2640 2642 2648-2653 265f-2660 2663 2665-2666 2668 267b 267e-267f 2692-2697 2699 269b-269c
26a0-26a1 26a7 26aa-26ab 26b0-26b1 26bd-26be 26c4-26c5 26c8 26ce-26cf 26d1 26d3-26d4 26e9-26ea
26f0-26f5 26f7-26fa 26fd 2702 2705 2708-270d 270f 2712 2714 2716 271d 2721 2728 2733-2734 2744 2747
274c 274e 2753-2755 2757 2763-2764 2795-2797 27a1 27b0 27bf 2934-2935 2b05-2b07 2b1b-2b1c 2b50 2b55
3030 303d 3297 3299 1f004 1f0cf 1f170-1f171 1f17e-1f17f 1f18e 1f191-1f19a 1f201-1f202 1f21a 1f22f
1f232-1f23a 1f250-1f251 1f300-1f321 1f324-1f393 1f396-1f397 1f399-1f39b 1f39e-1f3f0 1f3f3-1f3f5
1f3f7-1f4fd 1f4ff-1f53d 1f549-1f54e 1f550-1f567 1f56f-1f570 1f573-1f57a 1f587 1f58a-1f58d 1f590
1f595-1f596 1f5a4-1f5a5 1f5a8 1f5b1-1f5b2 1f5bc 1f5c2-1f5c4 1f5d1-1f5d3 1f5dc-1f5de 1f5e1 1f5e3
1f5e8 1f5ef 1f5f3 1f5fa-1f64f 1f680-1f6c5 1f6cb-1f6d2 1f6d5-1f6d7 1f6dc-1f6e5 1f6e9 1f6eb-1f6ec
1f6f0 1f6f3-1f6fc 1f7e0-1f7eb 1f7f0 1f90c-1f93a 1f93c-1f945 1f947-1f9ff 1fa70-1fa7c 1fa80-1fa88
1fa90-1fabd 1fabf-1fac5 1face-1fadb 1fae0-1fae8 1faf0-1faf8`

/** One bit per code point (139 KB), so a lookup is a shift and a mask. */
const BITS = new Uint32Array(0x110000 >>> 5)

function add(cp: number): void {
  BITS[cp >>> 5]! |= 1 << (cp & 31)
}

for (const ch of MAIN_SPECIAL_CHARACTERS + OTHER_SPECIAL_CHARACTERS) add(ch.codePointAt(0)!)
for (const range of EMOJI_RANGES.trim().split(/\s+/)) {
  const [from, to] = range.split('-').map((h) => parseInt(h, 16)) as [number, number | undefined]
  for (let cp = from; cp <= (to ?? from); cp++) add(cp)
}

/** `chr(cp) in SPECIAL_CHARACTERS`. */
export function isSpecialCodePoint(cp: number): boolean {
  return (BITS[cp >>> 5]! & (1 << (cp & 31))) !== 0
}

/** How many of the text's code points are special characters, and how many code points it has. */
export function countSpecial(text: string): { special: number; total: number } {
  let special = 0
  let total = 0
  const n = text.length
  for (let i = 0; i < n; i++) {
    let cp = text.charCodeAt(i)
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (low - 0xdc00) + 0x10000
        i++
      }
    }
    total++
    if ((BITS[cp >>> 5]! & (1 << (cp & 31))) !== 0) special++
  }
  return { special, total }
}
