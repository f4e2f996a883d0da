import { declareParams, defineOp } from '../define'
import { DocumentDeduplicator, documentDedupParams } from './document_deduplicator'

const RAY_ONLY = 'a Ray cluster setting: Sieve deduplicates on this machine'

const params = declareParams([
  {
    name: 'backend',
    type: 'enum',
    choices: ['ray_actor', 'redis'],
    default: 'ray_actor',
    description: 'Where Data-Juicer keeps the hashes on a Ray cluster; ignored in Sieve.',
    noEffect: RAY_ONLY
  },
  {
    name: 'redis_address',
    type: 'string',
    default: 'redis://localhost:6379',
    description: 'The Redis server of the redis backend; ignored in Sieve.',
    noEffect: RAY_ONLY
  },
  ...documentDedupParams
])

/**
 * Data-Juicer's ray_document_deduplicator (ops/deduplicator/ray_document_deduplicator.py), run as
 * the local document_deduplicator: the MD5 of the stripped text (lower-cased, without whitespace,
 * digits and punctuation as asked), the first row of each hash kept. One difference it keeps: an
 * empty text hashes to Data-Juicer's 'EMPTY', so it is not a duplicate of a whitespace-only text.
 */
class RayDocumentDeduplicator extends DocumentDeduplicator {
  /** Data-Juicer's Ray deduplicator keeps only whether a row is unique, no hash. */
  override readonly hashColumn: string | null = null

  protected override key(text: string): string {
    return text === '' ? 'EMPTY' : super.key(text)
  }

  /** 'EMPTY' as a binary key: 128 zero bits, which no MD5 of a real text is expected to be. */
  protected override writeKeys(text: string, words: Uint32Array, at: number): void {
    if (text === '') words.fill(0, at, at + 4)
    else super.writeKeys(text, words, at)
  }
}

export const rayDocumentDeduplicator = defineOp({
  name: 'ray_document_deduplicator',
  kind: 'deduplicator',
  description:
    "Data-Juicer's Ray exact deduplicator, run on this machine as document_deduplicator: removes exact duplicates (MD5 of the text), keeping the first.",
  params,
  create: (info, values, context) =>
    new RayDocumentDeduplicator(info, { lowercase: values.lowercase, ignore_non_character: values.ignore_non_character }, context)
})
