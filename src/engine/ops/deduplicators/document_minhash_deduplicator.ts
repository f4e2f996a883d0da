import { SieveError } from '../../../shared/errors'
import { declareParams, defineOp, type ParamValues } from '../define'
import type { OpInfo } from '../../../shared/ops'
import type { OpContext } from '../base'
import { prepareRemoval } from '../pyregex-text'
import { Deduplicator } from '../global'
import type { KeyShape } from '../../dedup/key-runs'
import { MinhashSignature } from '../minhash-signature'
import type { ShingleStyle } from '../shingle-bytes'

/**
 * Near-duplicate removal with MinHash and LSH, as Data-Juicer's document_minhash_deduplicator:
 * shingles of `window_size` tokens, each hashed with the first 4 bytes of SHA-1 (little-endian),
 * `num_permutations` min-hashes, LSH with `num_bands` × `num_rows_per_band` (chosen to minimise
 * false positives + false negatives when unset), rows sharing a band bucket united, and the first
 * row of each cluster kept.
 *
 * Where Sieve differs: Data-Juicer draws its permutations from numpy's RandomState(42) with
 * 64-bit arithmetic modulo a Mersenne prime; Sieve applies a seeded family of 32-bit bijective
 * mixes. Both are min-wise hash families, so the same texts cluster, but signature values differ.
 * Data-Juicer's quirks are kept: the last shingle is left out (range(len - window)), and texts with
 * fewer than window_size + 1 tokens have no shingles, so all of them count as one another's duplicates.
 */

/** Data-Juicer's optimal_param: the (bands, rows) minimising weighted false-positive and false-negative probability. */
export function optimalParams(threshold: number, numPerm: number, fpWeight = 0.5, fnWeight = 0.5): [number, number] {
  const integrate = (f: (s: number) => number, a: number, b: number): number => {
    const n = 100
    const h = (b - a) / n
    let sum = f(a) + f(b)
    for (let i = 1; i < n; i++) sum += f(a + i * h) * (i % 2 === 0 ? 2 : 4)
    return (sum * h) / 3
  }
  let best: [number, number] = [0, 0]
  let minError = Infinity
  for (let b = 1; b <= numPerm; b++) {
    for (let r = 1; r <= Math.floor(numPerm / b); r++) {
      const fp = integrate((s) => 1 - (1 - s ** r) ** b, 0, threshold)
      const fn = integrate((s) => 1 - (1 - (1 - s ** r) ** b), threshold, 1)
      const error = fp * fpWeight + fn * fnWeight
      if (error < minError) {
        minError = error
        best = [b, r]
      }
    }
  }
  return best
}

const params = declareParams([
  {
    name: 'tokenization',
    type: 'enum',
    choices: ['space', 'punctuation', 'character', 'sentencepiece'],
    default: 'space',
    description: 'How texts are cut into tokens: on spaces, on punctuation, or into characters (use character for Chinese-like languages).'
  },
  { name: 'window_size', type: 'int', default: 5, min: 1, description: 'Tokens per shingle.' },
  { name: 'lowercase', type: 'bool', default: true, description: 'Compare texts ignoring case.' },
  {
    name: 'ignore_pattern',
    type: 'string',
    default: null,
    description: 'A regular expression whose matches are removed before shingling; empty for none.'
  },
  {
    name: 'num_permutations',
    type: 'int',
    default: 256,
    min: 1,
    max: 4096,
    description: 'MinHash permutations: more is more accurate and slower.'
  },
  {
    name: 'jaccard_threshold',
    type: 'float',
    default: 0.7,
    min: 0,
    max: 1,
    description: 'Texts at least this similar (Jaccard of their shingles) are duplicates.'
  },
  { name: 'num_bands', type: 'int', default: null, min: 1, description: 'LSH bands; empty to choose the optimum for the threshold.' },
  {
    name: 'num_rows_per_band',
    type: 'int',
    default: null,
    min: 1,
    description: 'Rows per LSH band; empty to choose the optimum for the threshold.'
  },
  {
    name: 'tokenizer_model',
    type: 'string',
    default: null,
    description: 'A SentencePiece model for sentencepiece tokenization (not supported in Sieve).'
  }
])
export type MinhashParams = ParamValues<typeof params>
type Params = MinhashParams

export class DocumentMinhashDeduplicator extends Deduplicator<Params> {
  private readonly bands: number
  private readonly rows: number
  private readonly signature: MinhashSignature

  constructor(info: OpInfo, values: Params, context: OpContext) {
    super(info, values, context)
    if (this.params.tokenization === 'sentencepiece') {
      throw new SieveError(
        'BAD_REQUEST',
        'document_minhash_deduplicator: tokenization sentencepiece needs a SentencePiece model, which Sieve does not load; use space, punctuation or character.',
        {
          op: 'document_minhash_deduplicator',
          param: 'tokenization'
        }
      )
    }
    const { num_bands: bands, num_rows_per_band: rows } = this.params
    ;[this.bands, this.rows] =
      bands !== null && rows !== null ? [bands, rows] : optimalParams(this.params.jaccard_threshold, this.params.num_permutations)
    if (this.bands * this.rows > this.params.num_permutations) {
      throw new SieveError(
        'BAD_REQUEST',
        `document_minhash_deduplicator: num_bands × num_rows_per_band (${this.bands * this.rows}) is more than num_permutations (${this.params.num_permutations}).`,
        {
          op: 'document_minhash_deduplicator'
        }
      )
    }
    this.signature = new MinhashSignature({
      tokenization: this.params.tokenization,
      window: this.params.window_size,
      lowercase: this.params.lowercase,
      ignore: this.params.ignore_pattern === null ? null : prepareRemoval(this.info.name, 'ignore_pattern', this.params.ignore_pattern),
      style: this.shingleStyle,
      permutations: this.params.num_permutations,
      bands: this.bands,
      rows: this.rows
    })
  }

  /** Whose shingles the signature cuts: Data-Juicer's local operator's (a getter, so a subclass's answer holds in this constructor). */
  protected get shingleStyle(): ShingleStyle {
    return 'local'
  }

  /** The row's LSH band hashes: 64 bits per band, as two 32-bit halves (h1, h2) at 2b and 2b + 1. */
  private bandHashes(raw: string): Uint32Array {
    return this.signature.bandHashes(raw)
  }

  /** The row's LSH band keys, one per band, joined by commas. */
  protected key(raw: string): string {
    const hashes = this.bandHashes(raw)
    const keys: string[] = []
    for (let b = 0; b < this.bands; b++) {
      // 53 bits of the band's values: collisions between different bands' contents are negligible.
      keys.push(((hashes[2 * b]! & 0x1fffff) * 0x100000000 + hashes[2 * b + 1]!).toString(36))
    }
    return keys.join(',')
  }

  /** One table per band, keyed by the band's 64-bit hash. */
  get keyShape(): KeyShape {
    return { tables: this.bands, keyWords: 2, payloadWords: 0 }
  }

  protected writeKeys(raw: string, words: Uint32Array, at: number): void {
    words.set(this.bandHashes(raw), at)
  }
}

export const documentMinhashDeduplicator = defineOp({
  name: 'document_minhash_deduplicator',
  kind: 'deduplicator',
  description:
    'Removes near-duplicates across the whole dataset with MinHash and LSH: texts whose shingle sets are at least jaccard_threshold similar are clustered, and the first of each cluster is kept.',
  params,
  create: (info, values, context) => new DocumentMinhashDeduplicator(info, values, context)
})
export { params as minhashParams }
