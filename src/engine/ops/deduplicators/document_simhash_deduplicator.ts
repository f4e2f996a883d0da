import { SieveError } from '../../../shared/errors'
import { declareParams, defineOp, type ParamValues } from '../define'
import type { OpInfo } from '../../../shared/ops'
import { paramRegExp, type OpContext } from '../base'
import { Deduplicator, type GlobalDecision } from '../global'
import { UnionFind } from '../union-find'
import { SimhashSignature } from '../simhash-signature'

/**
 * Near-duplicate removal with SimHash, as Data-Juicer's document_simhash_deduplicator: a 64-bit
 * SimHash over shingles of `window_size` tokens (each hashed to the first 8 bytes of its MD5, every
 * shingle occurrence one vote per bit), texts whose SimHashes differ in at most `hamming_distance`
 * bits are linked (all such pairs are found by matching `num_blocks - hamming_distance` blocks of
 * bits exactly), and the first text of each cluster is kept. Identical SimHashes are duplicates too.
 */

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
  private readonly signature = new SimhashSignature({
    tokenization: this.params.tokenization,
    window: this.params.window_size,
    lowercase: this.params.lowercase,
    ignore: this.params.ignore_pattern === null ? null : paramRegExp(this.info.name, 'ignore_pattern', this.params.ignore_pattern, 'gu')
  })
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

  private simhash(raw: string): [number, number] {
    return this.signature.hash(raw)
  }

  protected key(raw: string): string {
    const [hi, lo] = this.simhash(raw)
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
