import { createHash } from 'node:crypto'
import { SieveError } from '../../../shared/errors'
import { declareParams, defineOp, type ParamValues } from '../define'
import type { OpInfo } from '../../../shared/ops'
import type { OpContext } from '../base'
import { prepareRemoval } from '../pyregex-text'
import { Deduplicator, type GlobalDecision } from '../global'
import { UnionFind } from '../union-find'

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

const MAX_HASH = 0xffffffff

/** Tokens split on single spaces, empty tokens kept except at the end (Data-Juicer's split_on_whitespace). */
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

function sha1Hash32(token: string): number {
  return createHash('sha1').update(token, 'utf8').digest().readUInt32LE(0)
}

/** murmur3's finalizer: a bijection on 32-bit integers. */
function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** Seeds of the permutation family, from a fixed generator so every run (and every worker) agrees. */
function permutationSeeds(count: number): Uint32Array {
  const seeds = new Uint32Array(count)
  let state = 42
  for (let i = 0; i < count; i++) {
    state = (state + 0x6d2b79f5) >>> 0
    seeds[i] = fmix32(state)
  }
  return seeds
}

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
  protected readonly tokenization = this.params.tokenization
  protected readonly window = this.params.window_size
  private readonly lowercase = this.params.lowercase
  private readonly ignore = this.params.ignore_pattern === null ? null : prepareRemoval(this.info.name, 'ignore_pattern', this.params.ignore_pattern)
  private readonly seeds = permutationSeeds(this.params.num_permutations)
  private readonly bands: number
  private readonly rows: number

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
    if (this.bands * this.rows > this.seeds.length) {
      throw new SieveError(
        'BAD_REQUEST',
        `document_minhash_deduplicator: num_bands × num_rows_per_band (${this.bands * this.rows}) is more than num_permutations (${this.seeds.length}).`,
        {
          op: 'document_minhash_deduplicator'
        }
      )
    }
  }

  /** The text's shingles, as Data-Juicer's local operator cuts them. */
  protected shingles(text: string): Set<string> {
    return shingles(text, this.tokenization, this.window)
  }

  /** The row's LSH band hashes: 64 bits per band, as two 32-bit halves (h1, h2) at 2b and 2b + 1. */
  private bandHashes(raw: string): Uint32Array {
    let text = this.lowercase ? raw.toLowerCase() : raw
    if (this.ignore !== null) text = this.ignore.apply(text)
    const tokens = this.shingles(text)
    const minimums = new Uint32Array(this.seeds.length).fill(MAX_HASH)
    for (const token of tokens) {
      const hv = sha1Hash32(token)
      for (let p = 0; p < this.seeds.length; p++) {
        const v = fmix32((hv ^ this.seeds[p]!) >>> 0)
        if (v < minimums[p]!) minimums[p] = v
      }
    }
    const hashes = new Uint32Array(2 * this.bands)
    for (let b = 0; b < this.bands; b++) {
      let h1 = 0x9747b28c ^ b
      let h2 = 0x85ebca6b ^ b
      for (let r = b * this.rows; r < (b + 1) * this.rows; r++) {
        h1 = fmix32((Math.imul(h1, 31) + minimums[r]!) >>> 0)
        h2 = fmix32((Math.imul(h2, 37) ^ minimums[r]!) >>> 0)
      }
      hashes[2 * b] = h1
      hashes[2 * b + 1] = h2
    }
    return hashes
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

  /** LSH buckets per band, rows in one bucket united; the smallest position of each cluster stays. */
  decision(): GlobalDecision {
    const buckets = Array.from({ length: this.bands }, () => new Map<string, number>())
    const clusters = new UnionFind()
    return {
      add(keys) {
        for (const key of keys) {
          const position = clusters.add()
          ;(key ?? '').split(',').forEach((band, b) => {
            const first = buckets[b]?.get(band)
            if (first === undefined) buckets[b]?.set(band, position)
            else clusters.union(first, position)
          })
        }
      },
      finish: () => clusters.nonRoots()
    }
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
