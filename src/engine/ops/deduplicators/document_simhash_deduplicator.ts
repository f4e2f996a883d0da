import { SieveError } from '../../../shared/errors'
import { declareParams, defineOp, type ParamValues } from '../define'
import type { OpInfo } from '../../../shared/ops'
import type { OpContext } from '../base'
import { prepareRemoval } from '../pyregex-text'
import { Deduplicator } from '../global'
import type { KeyShape } from '../../dedup/key-runs'
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
    ignore: this.params.ignore_pattern === null ? null : prepareRemoval(this.info.name, 'ignore_pattern', this.params.ignore_pattern)
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

  /**
   * The masks of the block combinations over the 64 bits (bit 0 the high bit of the first word):
   * two hashes within `distance` bits agree on at least blocks - distance blocks, so they share
   * the masked bits of at least one combination.
   */
  private readonly masks = combinations(this.blocks, this.blocks - this.distance).map((combo) => {
    const mask = new Uint32Array(2)
    for (const b of combo) {
      for (let i = Math.floor((b * 64) / this.blocks); i < Math.floor(((b + 1) * 64) / this.blocks); i++) {
        if (i < 32) mask[0] = (mask[0]! | (1 << (31 - i))) >>> 0
        else mask[1] = (mask[1]! | (1 << (63 - i))) >>> 0
      }
    }
    return mask
  })

  /** One table per block combination, keyed by the hash's bits in those blocks, the whole hash carried beside. */
  get keyShape(): KeyShape {
    return { tables: this.masks.length, keyWords: 2, payloadWords: 2 }
  }

  private simhash(raw: string): [number, number] {
    return this.signature.hash(raw)
  }

  protected key(raw: string): string {
    const [hi, lo] = this.simhash(raw)
    return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
  }

  /** Data-Juicer's HashKeys.simhash: the 64-bit SimHash as an unsigned decimal (`str(np.uint64(...))`). */
  override readonly hashColumn: string | null = '__dj__simhash'

  protected override hashValue(raw: string): string {
    const [hi, lo] = this.simhash(raw)
    return ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString()
  }

  protected writeKeys(raw: string, words: Uint32Array, at: number): void {
    const [hi, lo] = this.simhash(raw)
    for (const [t, mask] of this.masks.entries()) {
      words[at + 4 * t] = (hi & mask[0]!) >>> 0
      words[at + 4 * t + 1] = (lo & mask[1]!) >>> 0
      words[at + 4 * t + 2] = hi
      words[at + 4 * t + 3] = lo
    }
  }

  /** Rows sharing a combination's bits are duplicates when their whole hashes are within the distance. */
  readonly uniteGroup = (payloads: Uint32Array, positions: Float64Array, size: number, unite: (a: number, b: number) => void): void => {
    for (let i = 0; i < size; i++) {
      for (let j = i + 1; j < size; j++) {
        const bits = popcount((payloads[2 * i]! ^ payloads[2 * j]!) >>> 0) + popcount((payloads[2 * i + 1]! ^ payloads[2 * j + 1]!) >>> 0)
        if (bits <= this.distance) unite(positions[i]!, positions[j]!)
      }
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
