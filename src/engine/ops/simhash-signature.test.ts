import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SimhashSignature, type SimhashSignatureOptions } from './simhash-signature'
import { generator, randomText, TOKENIZATIONS } from './testing-texts'
import { prepareRemoval } from './pyregex-text'

const ignoreOf = (pattern: string | null) => (pattern === null ? null : prepareRemoval('test', 'ignore_pattern', pattern))

/**
 * The implementation SimhashSignature replaced, kept verbatim as the golden reference: shingle strings
 * in a list (every occurrence votes), node:crypto MD5 per shingle. The SimHash must match it bit for bit.
 */
const reference = (() => {
  const PUNCTUATION = /\p{P}/u
  function splitOnSpace(text: string): string[] {
    const tokens = text.split(' ')
    while (tokens.length > 0 && tokens[tokens.length - 1] === '') tokens.pop()
    return tokens
  }
  function shingles(text: string, tokenization: string, window: number): string[] {
    const out: string[] = []
    if (tokenization === 'character') {
      const chars = [...text]
      for (let i = 0; i < chars.length - window; i++) out.push(chars.slice(i, i + window).join(''))
      return out
    }
    const tokens = tokenization === 'punctuation' ? text.split(PUNCTUATION) : splitOnSpace(text)
    for (let i = 0; i < tokens.length - window; i++) out.push(tokens.slice(i, i + window).join(' '))
    return out
  }
  function simhash64(tokens: string[]): [number, number] {
    const votes = new Int32Array(64)
    for (const token of tokens) {
      const digest = createHash('md5').update(token, 'utf8').digest()
      const hi = digest.readUInt32BE(0)
      const lo = digest.readUInt32BE(4)
      for (let bit = 0; bit < 32; bit++) {
        votes[bit] += (hi >>> (31 - bit)) & 1 ? 1 : -1
        votes[32 + bit] += (lo >>> (31 - bit)) & 1 ? 1 : -1
      }
    }
    let hi = 0
    let lo = 0
    for (let bit = 0; bit < 32; bit++) {
      if (votes[bit]! > 0) hi |= 1 << (31 - bit)
      if (votes[32 + bit]! > 0) lo |= 1 << (31 - bit)
    }
    return [hi >>> 0, lo >>> 0]
  }
  return (o: SimhashSignatureOptions, raw: string): [number, number] => {
    let text = o.lowercase ? raw.toLowerCase() : raw
    if (o.ignore !== null) text = o.ignore.apply(text)
    return simhash64(shingles(text, o.tokenization, o.window))
  }
})()

describe('SimhashSignature', () => {
  it('gives SimHashes bit-identical to the node:crypto implementation over thousands of varied texts and options', () => {
    const rand = generator(3)
    let compared = 0
    for (let round = 0; round < 40; round++) {
      const options: SimhashSignatureOptions = {
        tokenization: TOKENIZATIONS[Math.floor(rand() * 3)]!,
        window: [1, 2, 3, 6, 6, 9][Math.floor(rand() * 6)]!,
        lowercase: rand() < 0.6,
        ignore: ignoreOf([null, null, '\\d+', '[aeiou]', '[.,!?;:]+'][Math.floor(rand() * 5)] ?? null)
      }
      const signature = new SimhashSignature(options)
      for (let i = 0; i < 60; i++) {
        const text = randomText(rand)
        expect([text, signature.hash(text)]).toEqual([text, reference(options, text)])
        compared++
      }
    }
    expect(compared).toBe(2400)
  })

  it('is a majority vote per bit over shingle occurrences; no shingles give 0', () => {
    const options: SimhashSignatureOptions = { tokenization: 'space', window: 1, lowercase: false, ignore: null }
    const signature = new SimhashSignature(options)
    // Shingles a, a, b (window 1 leaves the last token out): a outvotes b on every bit, so the hash is a's alone.
    expect(signature.hash('a a b c')).toEqual(signature.hash('a c'))
    expect(signature.hash('a')).toEqual([0, 0])
    expect(signature.hash('')).toEqual([0, 0])
  })
})
