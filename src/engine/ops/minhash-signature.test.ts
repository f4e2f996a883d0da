import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MinhashSignature, sha1Hash32, type MinhashSignatureOptions } from './minhash-signature'
import { generator, randomText, TOKENIZATIONS } from './testing-texts'
import { prepareRemoval } from './pyregex-text'

const ignoreOf = (pattern: string | null) => (pattern === null ? null : prepareRemoval('test', 'ignore_pattern', pattern))

/**
 * The implementation MinhashSignature replaced, kept verbatim as the golden reference: joined shingle
 * strings in a Set, node:crypto SHA-1 per shingle, scalar permutations. Every band hash must match it
 * bit for bit, or deduplication decisions (and checkpoints written before the change) would differ.
 */
const reference = (() => {
  const MAX_HASH = 0xffffffff
  function splitOnSpace(text: string): string[] {
    const tokens = text.split(' ')
    while (tokens.length > 0 && tokens[tokens.length - 1] === '') tokens.pop()
    return tokens
  }
  const PUNCTUATION = /\p{P}/u
  function shingles(text: string, tokenization: string, window: number): Set<string> {
    const out = new Set<string>()
    if (tokenization === 'character') {
      const chars = [...text]
      for (let i = 0; i < chars.length - window; i++) out.add(chars.slice(i, i + window).join(''))
      return out
    }
    const tokens = tokenization === 'punctuation' ? text.split(PUNCTUATION) : splitOnSpace(text)
    for (let i = 0; i < tokens.length - window; i++) out.add(tokens.slice(i, i + window).join(' '))
    return out
  }
  function sha1Hash32Of(token: string): number {
    return createHash('sha1').update(token, 'utf8').digest().readUInt32LE(0)
  }
  function fmix32(h: number): number {
    h ^= h >>> 16
    h = Math.imul(h, 0x85ebca6b)
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35)
    h ^= h >>> 16
    return h >>> 0
  }
  function permutationSeeds(count: number): Uint32Array {
    const seeds = new Uint32Array(count)
    let state = 42
    for (let i = 0; i < count; i++) {
      state = (state + 0x6d2b79f5) >>> 0
      seeds[i] = fmix32(state)
    }
    return seeds
  }
  return (o: MinhashSignatureOptions, raw: string): Uint32Array => {
    const seeds = permutationSeeds(o.permutations)
    let text = o.lowercase ? raw.toLowerCase() : raw
    if (o.ignore !== null) text = o.ignore.apply(text)
    const tokens = shingles(text, o.tokenization, o.window)
    const minimums = new Uint32Array(seeds.length).fill(MAX_HASH)
    for (const token of tokens) {
      const hv = sha1Hash32Of(token)
      for (let p = 0; p < seeds.length; p++) {
        const v = fmix32((hv ^ seeds[p]!) >>> 0)
        if (v < minimums[p]!) minimums[p] = v
      }
    }
    const hashes = new Uint32Array(2 * o.bands)
    for (let b = 0; b < o.bands; b++) {
      let h1 = 0x9747b28c ^ b
      let h2 = 0x85ebca6b ^ b
      for (let r = b * o.rows; r < (b + 1) * o.rows; r++) {
        h1 = fmix32((Math.imul(h1, 31) + minimums[r]!) >>> 0)
        h2 = fmix32((Math.imul(h2, 37) ^ minimums[r]!) >>> 0)
      }
      hashes[2 * b] = h1
      hashes[2 * b + 1] = h2
    }
    return hashes
  }
})()

function optionsFor(rand: () => number): MinhashSignatureOptions {
  const permutations = [1, 7, 64, 256][Math.floor(rand() * 4)]!
  const rows = 1 + Math.floor(rand() * Math.min(8, permutations))
  const bands = Math.max(1, Math.floor(permutations / rows) - Math.floor(rand() * 2))
  const ignore = ignoreOf([null, null, '\\d+', '[aeiou]', '[.,!?;:]+', ' {2,}'][Math.floor(rand() * 6)] ?? null)
  return {
    tokenization: TOKENIZATIONS[Math.floor(rand() * 3)]!,
    window: [1, 2, 3, 5, 5, 9][Math.floor(rand() * 6)]!,
    lowercase: rand() < 0.6,
    ignore,
    permutations,
    bands,
    rows
  }
}

describe('sha1Hash32', () => {
  it("equals node:crypto's first 4 SHA-1 bytes, little-endian, for every length across block boundaries", () => {
    const rand = generator(1)
    const bytes = new Uint8Array(4096)
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rand() * 256)
    const lengths = [...Array.from({ length: 200 }, (_, i) => i), 447, 448, 511, 512, 513, 1000, 3000]
    for (const length of lengths) {
      const start = Math.floor(rand() * (bytes.length - length))
      const expected = createHash('sha1')
        .update(bytes.subarray(start, start + length))
        .digest()
        .readUInt32LE(0)
      expect([length, sha1Hash32(bytes, start, start + length)]).toEqual([length, expected])
    }
  })
})

describe.each([
  { path: 'WebAssembly SIMD', simd: true },
  { path: 'JS fallback', simd: false }
])('MinhashSignature, permutations in $path', ({ simd }) => {
  it('runs on the path named', () => {
    const signature = new MinhashSignature(
      { tokenization: 'space', window: 1, lowercase: true, ignore: null, permutations: 4, bands: 1, rows: 4 },
      { simd }
    )
    expect(signature.usesSimd).toBe(simd)
  })

  it('gives band hashes bit-identical to the node:crypto implementation over thousands of varied texts and options', () => {
    const rand = generator(7)
    let compared = 0
    for (let round = 0; round < 60; round++) {
      const options = optionsFor(rand)
      const signature = new MinhashSignature(options, { simd })
      for (let i = 0; i < 60; i++) {
        const text = randomText(rand)
        const got = signature.bandHashes(text)
        const want = reference(options, text)
        if (!got.every((v, k) => v === want[k]) || got.length !== want.length) {
          expect({ text, options: { ...options, ignore: String(options.ignore) }, got: [...got] }).toEqual({
            text,
            options: { ...options, ignore: String(options.ignore) },
            got: [...want]
          })
        }
        compared++
      }
    }
    expect(compared).toBe(3600)
  })

  it('matches the reference with the default parameters on every tokenization, including texts with too few tokens', () => {
    const texts = [
      '',
      ' ',
      'one',
      'one two three four five',
      'one two three four five six',
      'one two three four five six ',
      'one two  three four five six   ',
      ' leading space then seven more words here',
      'Hello, world! How are you? Fine; thanks. And you…',
      '敏捷的棕色狐狸跳过了那只懒狗，然后跑进了森林。',
      'lone \ud800 surrogate and a pair 🙂 and \udc00 a low one in a row of words',
      'İSTANBUL İstanbul ΣΊΣΥΦΟΣ STRASSE Straße repeated İSTANBUL İstanbul ΣΊΣΥΦΟΣ STRASSE Straße'
    ]
    for (const tokenization of TOKENIZATIONS) {
      for (const lowercase of [true, false]) {
        const options: MinhashSignatureOptions = { tokenization, window: 5, lowercase, ignore: null, permutations: 256, bands: 25, rows: 10 }
        const signature = new MinhashSignature(options, { simd })
        for (const text of texts) expect([text, [...signature.bandHashes(text)]]).toEqual([text, [...reference(options, text)]])
      }
    }
  })

  it('hashes shingles on both sides of the one-block SHA-1 limit (55 bytes) alike, and more than 1,024 of them in one text', () => {
    // Window 1 and one shingle per text: each band hash then depends on that one shingle's SHA-1 alone.
    const options: MinhashSignatureOptions = { tokenization: 'space', window: 1, lowercase: false, ignore: null, permutations: 8, bands: 8, rows: 1 }
    const signature = new MinhashSignature(options, { simd })
    for (let length = 0; length <= 130; length++) {
      const text = `${'é'.repeat(length >> 1)}${'x'.repeat(length & 1)} end`
      expect([length, [...signature.bandHashes(text)]]).toEqual([length, [...reference(options, text)]])
    }
    const many = Array.from({ length: 3000 }, (_, i) => `w${i}${'z'.repeat(i % 70)}`).join(' ')
    expect([...signature.bandHashes(many)]).toEqual([...reference(options, many)])
  })

  it('reuses its buffers, growing them for a long text, without carrying anything from one text to the next', () => {
    const options: MinhashSignatureOptions = { tokenization: 'space', window: 2, lowercase: true, ignore: null, permutations: 16, bands: 4, rows: 4 }
    const signature = new MinhashSignature(options, { simd })
    const long = Array.from({ length: 40_000 }, (_, i) => `word${i}`).join(' ')
    const short = 'a b c d'
    const before = [...signature.bandHashes(short)]
    expect([...signature.bandHashes(long)]).toEqual([...reference(options, long)])
    expect([...signature.bandHashes(short)]).toEqual(before)
    expect(before).toEqual([...reference(options, short)])
  })
})
