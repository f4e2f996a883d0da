import { Field, Schema, Utf8 } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../../io/schema'
import { resolveParams } from '../registry'
import type { Deduplicator } from '../global'
import { documentSimhashDeduplicator } from './document_simhash_deduplicator'

const schema = new Schema([new Field('text', new Utf8(), true)])
const create = (params: Record<string, unknown> = {}): Deduplicator =>
  documentSimhashDeduplicator.create(resolveParams(documentSimhashDeduplicator.info, params), { textKey: 'text' })

function duplicates(texts: string[], params: Record<string, unknown> = {}): number[] {
  return create(params).droppedIn(
    rowsToBatch(
      texts.map((t) => [t]),
      schema
    )
  )
}

const long = (seed: string): string => Array.from({ length: 40 }, (_, i) => `${seed}${i} word${(i * 7) % 13} and more text number ${i}`).join(' ')

describe('document_simhash_deduplicator', () => {
  it('removes what ignore_pattern matches, read as a Python pattern ((?P<name>…) is not JavaScript)', () => {
    const text = long('gamma')
    expect(duplicates([text, text.replaceAll(/\d/g, '5')], { ignore_pattern: '(?P<digits>\\d+)', hamming_distance: 0 })).toEqual([1])
  })

  it('links texts within hamming_distance bits, keeps the first of each cluster, and leaves different texts', () => {
    const base = long('alpha')
    const edited = base.replace('alpha3 ', 'beta3 ')
    const texts = [base, long('zeta'), edited, base.toUpperCase()]
    expect(duplicates(texts)).toEqual([2, 3])
    // With no distance allowed only identical SimHashes link: the upper-case copy always, the edit only if no bit flipped.
    expect(duplicates(texts, { hamming_distance: 0 })).toEqual(expect.arrayContaining([3]))
    expect(duplicates(texts, { hamming_distance: 0 })).not.toContain(1)
  })

  it('refuses a hamming_distance not below num_blocks', () => {
    expect(() => create({ num_blocks: 4, hamming_distance: 4 })).toThrow(/must be less than num_blocks/)
  })
})
