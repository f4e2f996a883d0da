/**
 * MD5 in JS over a byte range, for the deduplicators' per-row and per-shingle hashes (issue 14). A
 * node:crypto createHash call costs about a microsecond of setup whatever the input; on short texts
 * that is most of a row's cost. This runs over a reused buffer with no allocation, and equals
 * node:crypto's digest bit for bit (md5.test.ts). MD5 serves as a content key here, not for security.
 */

/** K[i] = floor(2^32 × |sin(i + 1)|), as int32. */
const K = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 0x100000000) | 0)
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]

const words = new Int32Array(16)
let padded = new Uint8Array(128)

/** The digest of bytes[start, end) as its four little-endian words (a, b, c, d) into `out`. */
export function md5(bytes: Uint8Array, start: number, end: number, out: Int32Array): void {
  const length = end - start
  const size = (((length + 8) >>> 6) + 1) << 6
  if (padded.length < size) padded = new Uint8Array(size * 2)
  const block = padded
  block.set(bytes.subarray(start, end))
  block[length] = 0x80
  block.fill(0, length + 1, size - 8)
  const bitsLow = (length << 3) >>> 0
  const bitsHigh = Math.floor(length / 0x20000000)
  block[size - 8] = bitsLow & 0xff
  block[size - 7] = (bitsLow >>> 8) & 0xff
  block[size - 6] = (bitsLow >>> 16) & 0xff
  block[size - 5] = bitsLow >>> 24
  block[size - 4] = bitsHigh & 0xff
  block[size - 3] = (bitsHigh >>> 8) & 0xff
  block[size - 2] = (bitsHigh >>> 16) & 0xff
  block[size - 1] = bitsHigh >>> 24
  let h0 = 0x67452301
  let h1 = 0xefcdab89 | 0
  let h2 = 0x98badcfe | 0
  let h3 = 0x10325476
  const m = words
  for (let offset = 0; offset < size; offset += 64) {
    for (let j = 0; j < 16; j++) {
      const o = offset + 4 * j
      m[j] = block[o]! | (block[o + 1]! << 8) | (block[o + 2]! << 16) | (block[o + 3]! << 24)
    }
    let a = h0
    let b = h1
    let c = h2
    let d = h3
    // The four kinds of round in their own loops: no branch on the round number inside.
    for (let i = 0; i < 16; i++) {
      const f = (((b & c) | (~b & d)) + a + K[i]! + m[i]!) | 0
      const s = SHIFTS[i & 3]!
      a = d
      d = c
      c = b
      b = (b + ((f << s) | (f >>> (32 - s)))) | 0
    }
    for (let i = 16; i < 32; i++) {
      const f = (((d & b) | (~d & c)) + a + K[i]! + m[(5 * i + 1) & 15]!) | 0
      const s = SHIFTS[4 + (i & 3)]!
      a = d
      d = c
      c = b
      b = (b + ((f << s) | (f >>> (32 - s)))) | 0
    }
    for (let i = 32; i < 48; i++) {
      const f = ((b ^ c ^ d) + a + K[i]! + m[(3 * i + 5) & 15]!) | 0
      const s = SHIFTS[8 + (i & 3)]!
      a = d
      d = c
      c = b
      b = (b + ((f << s) | (f >>> (32 - s)))) | 0
    }
    for (let i = 48; i < 64; i++) {
      const f = ((c ^ (b | ~d)) + a + K[i]! + m[(7 * i) & 15]!) | 0
      const s = SHIFTS[12 + (i & 3)]!
      a = d
      d = c
      c = b
      b = (b + ((f << s) | (f >>> (32 - s)))) | 0
    }
    h0 = (h0 + a) | 0
    h1 = (h1 + b) | 0
    h2 = (h2 + c) | 0
    h3 = (h3 + d) | 0
  }
  out[0] = h0
  out[1] = h1
  out[2] = h2
  out[3] = h3
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const encoder = new TextEncoder()
const digest = new Int32Array(4)
let encoded = new Uint8Array(1 << 12)

/** The MD5 of a string's UTF-8 bytes as 32 lowercase hex digits, as createHash('md5').update(text, 'utf8').digest('hex'). */
export function md5Hex(text: string): string {
  if (encoded.length < 3 * text.length) encoded = new Uint8Array(6 * text.length)
  md5(encoded, 0, encoder.encodeInto(text, encoded).written, digest)
  let hex = ''
  for (let w = 0; w < 4; w++) {
    const v = digest[w]!
    hex += HEX[v & 0xff]! + HEX[(v >>> 8) & 0xff]! + HEX[(v >>> 16) & 0xff]! + HEX[v >>> 24]!
  }
  return hex
}
