/**
 * Shingles as byte ranges of a text's UTF-8 encoding, as Data-Juicer makes them for MinHash and
 * SimHash: `window` consecutive tokens, the last shingle left out (range(len - window)), so texts of
 * at most `window` tokens have none. Tokens are split on single spaces (empty tokens kept except at
 * the end), on punctuation marks (joined back with spaces), or are code points. A shingle is hashed
 * as the UTF-8 of its tokens joined by a space (by nothing for characters): with the tokens laid out
 * that way in one buffer, every shingle is a byte range of it, so no shingle string is ever built.
 *
 * Encoding the whole text and slicing it gives the same bytes as encoding each shingle string: tokens
 * never split a surrogate pair (splits are at spaces, punctuation code points or code point starts),
 * and a lone surrogate encodes to U+FFFD either way.
 */

export type Tokenization = 'space' | 'punctuation' | 'character'

/**
 * Whose shingles: Data-Juicer's local operators leave the last one out and keep empty tokens between
 * spaces; its Ray operator (ray_bts_minhash_deduplicator) takes every window, the last included, of
 * the words split on spaces without empty ones.
 */
export type ShingleStyle = 'local' | 'ray'

import { splitOnWhitespace } from './words'

const SPACE = 0x20
const PUNCTUATION = /\p{P}/u

export class ShingleBytes {
  /** The UTF-8 of the text's tokens, each followed by a space (space, punctuation) or back to back (character). */
  bytes = new Uint8Array(1 << 12)
  /** Where shingle i starts and ends in `bytes`, for i below the count `cut` returned. */
  starts = new Int32Array(1 << 10)
  ends = new Int32Array(1 << 10)
  private readonly encoder = new TextEncoder()
  /** Byte offset where each token starts. */
  private tokenStarts = new Int32Array(1 << 10)

  constructor(
    private readonly tokenization: Tokenization,
    private readonly window: number,
    private readonly style: ShingleStyle = 'local'
  ) {}

  /** Lays out the text's shingles and returns how many there are. */
  cut(text: string): number {
    const tokens = this.tokenize(text)
    const count = tokens - this.window + (this.style === 'ray' ? 1 : 0)
    if (count <= 0) return 0
    if (this.starts.length < count) {
      this.starts = new Int32Array(2 * count)
      this.ends = new Int32Array(2 * count)
    }
    const { starts, ends, tokenStarts, window } = this
    // A shingle ends where the token after it starts, less the one-byte separator between tokens.
    const separator = this.tokenization === 'character' ? 0 : 1
    for (let i = 0; i < count; i++) {
      starts[i] = tokenStarts[i]!
      ends[i] = tokenStarts[i + window]! - separator
    }
    return count
  }

  /** Fills `bytes` and `tokenStarts` for the text's tokens and returns the number of tokens. */
  private tokenize(text: string): number {
    const raySpace = this.style === 'ray' && this.tokenization === 'space'
    if (this.tokenization === 'punctuation' || raySpace) {
      // Data-Juicer joins the pieces between punctuation marks (or the Ray operator's words) with spaces.
      const pieces = raySpace ? splitOnWhitespace(text) : text.split(PUNCTUATION)
      this.reserve(3 * text.length + pieces.length, pieces.length + 1)
      let at = 0
      for (let k = 0; k < pieces.length; k++) {
        this.tokenStarts[k] = at
        at += this.encoder.encodeInto(pieces[k]!, this.bytes.subarray(at)).written
        this.bytes[at++] = SPACE
      }
      this.tokenStarts[pieces.length] = at
      return pieces.length
    }
    this.reserve(3 * text.length, text.length + 1)
    const { bytes, tokenStarts } = this
    const length = this.encoder.encodeInto(text, bytes).written
    let tokens = 0
    if (this.tokenization === 'character') {
      // A code point starts at every byte that is not a UTF-8 continuation byte (10xxxxxx).
      for (let i = 0; i < length; i++) if ((bytes[i]! & 0xc0) !== 0x80) tokenStarts[tokens++] = i
      tokenStarts[tokens] = length
      return tokens
    }
    // Split on single spaces; empty tokens count, except those at the end (Data-Juicer's split_on_whitespace):
    // the tokens kept run up to the last one holding a byte.
    tokenStarts[tokens++] = 0
    let kept = 0
    for (let i = 0; i < length; i++) {
      if (bytes[i] === SPACE) tokenStarts[tokens++] = i + 1
      else kept = tokens
    }
    tokenStarts[tokens] = length + 1
    return kept
  }

  private reserve(bytes: number, tokens: number): void {
    if (this.bytes.length < bytes) this.bytes = new Uint8Array(bytes * 2)
    if (this.tokenStarts.length < tokens + 1) this.tokenStarts = new Int32Array((tokens + 1) * 2)
  }
}
