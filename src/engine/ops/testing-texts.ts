// Varied texts for the golden tests of the shingle hashes (minhash-signature, simhash-signature, md5).
import type { Tokenization } from './shingle-bytes'

/** mulberry32: deterministic, so a failure names a text that can be reproduced. */
export function generator(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Pieces texts are made of: words, runs of spaces (double and trailing ones make empty tokens),
 * ASCII and Unicode punctuation, letters whose case changes their length ('İ'), CJK, emoji
 * (surrogate pairs, joiners), lone surrogates (encoded as U+FFFD), digits, tabs and newlines.
 */
const PIECES = [
  'the',
  'Quick',
  'BROWN',
  'fox',
  'jumps',
  'over',
  'a',
  'lazy',
  'dog',
  'é',
  'naïve',
  'Straße',
  'İstanbul',
  'ΣΊΣΥΦΟΣ',
  '敏捷的棕色狐狸',
  '跳',
  '過',
  '素早い',
  'Быстрая',
  'лиса',
  '🙂',
  '👍🏽',
  '🇩🇪',
  '❤️',
  '𝔘𝔫𝔦',
  '\ud800',
  '\udc00x',
  '42',
  '2026',
  ' ',
  ' ',
  ' ',
  '  ',
  '   ',
  '\t',
  '\n',
  '\u00a0',
  '\u3000',
  '.',
  ',',
  '!',
  '?',
  '—',
  '…',
  '¿',
  '«',
  '»',
  '。',
  '、',
  '「',
  '」',
  "'",
  '"',
  '(',
  ')',
  '-',
  '_',
  '#',
  '@',
  '%',
  '&',
  '*',
  '/',
  ':',
  ';',
  '[',
  ']',
  '{',
  '}',
  '+',
  '=',
  '<',
  '>',
  '|',
  '~',
  '$',
  '^'
]

export function randomText(rand: () => number): string {
  const kind = rand()
  if (kind < 0.03) return ''
  const parts = kind < 0.15 ? 1 + Math.floor(rand() * 6) : kind < 0.9 ? 5 + Math.floor(rand() * 60) : 100 + Math.floor(rand() * 900)
  let text = ''
  for (let i = 0; i < parts; i++) {
    const piece = PIECES[Math.floor(rand() * PIECES.length)]!
    text += piece
    if (rand() < 0.55) text += ' '
  }
  // Texts made of a few repeated shingles, where repeats must not change the minimum.
  if (rand() < 0.05) text = `${text} ${text} ${text}`
  return text
}

export const TOKENIZATIONS: Tokenization[] = ['space', 'punctuation', 'character']
