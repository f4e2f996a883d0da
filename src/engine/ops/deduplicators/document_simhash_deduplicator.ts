import { createHash } from 'node:crypto'
import { SieveError } from '../../../shared/errors'
import { declareParams, defineOp, type ParamValues } from '../define'
import type { OpInfo } from '../../../shared/ops'
import type { OpContext } from '../base'
import { prepareRemoval } from '../pyregex-text'
import { Deduplicator, type GlobalDecision } from '../global'
import { UnionFind } from '../union-find'

/**
 * Near-duplicate removal with SimHash, as Data-Juicer's document_simhash_deduplicator: a 64-bit
 * SimHash over shingles of `window_size` tokens (each hashed to the first 8 bytes of its MD5, every
 * shingle occurrence one vote per bit), texts whose SimHashes differ in at most `hamming_distance`
 * bits are linked (all such pairs are found by matching `num_blocks - hamming_distance` blocks of
 * bits exactly), and the first text of each cluster is kept. Identical SimHashes are duplicates too.
 */

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

/** A 64-bit SimHash as two 32-bit halves (high, low). */
export function simhash64(tokens: string[]): [number, number] {
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

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff
}

/** The k-element subsets of 0..n-1, in lexicographic order. */
function combinations(n: number, k: number): number[][] {
  const out: number[][] = []
  const pick = (start: number, chosen: number[]): void => {
    if (chosen.length === k) {
      out.push([...chosen])
      return
    }
    for (let i = start; i < n; i++) pick(i + 1, [...chosen, i])
  }
  pick(0, [])
  return out
}

const params = declareParams([
  {
    name: 'tokenization',
    type: 'enum',
    choices: ['space', 'punctuation', 'character'],
    default: 'space',
    description: 'How texts are cut into tokens: on spaces, on punctuation, or into characters (for Chinese-like languages).'
  },
  { name: 'window_size', type: 'int', default: 6, min: 1, description: 'Tokens per shingle.' },
  { name: 'lowercase', type: 'bool', default: true, description: 'Compare texts ignoring case.' },
  {
    name: 'ignore_pattern',
    type: 'string',
    default: null,
    description: 'A regular expression whose matches are removed before shingling; empty for none.'
  },
  {
    name: 'num_blocks',
    type: 'int',
    default: 6,
    min: 1,
    max: 64,
    description: 'Blocks the 64 bits are cut into to find candidates; more than hamming_distance.'
  },
  {
    name: 'hamming_distance',
    type: 'int',
    default: 4,
    min: 0,
    max: 63,
    description: 'Texts whose SimHashes differ in at most this many bits are duplicates.'
  }
])
type Params = ParamValues<typeof params>

class DocumentSimhashDeduplicator extends Deduplicator<Params> {
  private readonly tokenization = this.params.tokenization
  private readonly window = this.params.window_size
  private readonly lowercase = this.params.lowercase
  private readonly ignore = this.params.ignore_pattern === null ? null : prepareRemoval(this.info.name, 'ignore_pattern', this.params.ignore_pattern)
  private readonly blocks = this.params.num_blocks
  private readonly distance = this.params.hamming_distance

  constructor(info: OpInfo, values: Params, context: OpContext) {
    super(info, values, context)
    if (this.distance >= this.blocks) {
      throw new SieveError(
        'BAD_REQUEST',
        `document_simhash_deduplicator: hamming_distance (${this.distance}) must be less than num_blocks (${this.blocks}).`,
        {
          op: 'document_simhash_deduplicator',
          param: 'hamming_distance'
        }
      )
    }
  }

  protected key(raw: string): string {
    let text = this.lowercase ? raw.toLowerCase() : raw
    if (this.ignore !== null) text = this.ignore.apply(text)
    const [hi, lo] = simhash64(shingles(text, this.tokenization, this.window))
    return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
  }

  decision(): GlobalDecision {
    const blocks = this.blocks
    const distance = this.distance
    // Bit ranges of the blocks over the 64 bits; two hashes within `distance` bits agree on at least blocks - distance of them.
    const bounds = Array.from({ length: blocks }, (_, b) => [Math.floor((b * 64) / blocks), Math.floor(((b + 1) * 64) / blocks)] as const)
    const combos = combinations(blocks, blocks - distance)
    const buckets = new Map<string, number[]>()
    const hashes: [number, number][] = []
    const clusters = new UnionFind()
    const bits = (h: [number, number], from: number, to: number): string => {
      let out = ''
      for (let i = from; i < to; i++) out += i < 32 ? (h[0] >>> (31 - i)) & 1 : (h[1] >>> (63 - i)) & 1
      return out
    }
    return {
      add(keys) {
        for (const key of keys) {
          const position = clusters.add()
          const h: [number, number] = [parseInt((key ?? '').slice(0, 8), 16) >>> 0, parseInt((key ?? '').slice(8, 16), 16) >>> 0]
          hashes.push(h)
          const blockBits = bounds.map(([from, to]) => bits(h, from, to))
          combos.forEach((combo, c) => {
            const bucketKey = `${c}:${combo.map((b) => blockBits[b]).join('|')}`
            const members = buckets.get(bucketKey)
            if (members === undefined) {
              buckets.set(bucketKey, [position])
              return
            }
            for (const other of members) {
              const o = hashes[other]!
              if (popcount((o[0] ^ h[0]) >>> 0) + popcount((o[1] ^ h[1]) >>> 0) <= distance) clusters.union(other, position)
            }
            members.push(position)
          })
        }
      },
      finish: () => clusters.nonRoots()
    }
  }
}

export const documentSimhashDeduplicator = defineOp({
  name: 'document_simhash_deduplicator',
  kind: 'deduplicator',
  description:
    'Removes near-duplicates across the whole dataset with SimHash: texts whose 64-bit SimHashes differ in at most hamming_distance bits are clustered, and the first of each cluster is kept.',
  params,
  create: (info, values, context) => new DocumentSimhashDeduplicator(info, values, context)
})
