import { describe, expect, it } from 'vitest'
import { parseRecipe } from '../../job/recipe'
import { documentDeduplicator } from './document_deduplicator'
import { rayDocumentDeduplicator } from './ray_document_deduplicator'
import { duplicatesOf } from './testing-dedup'

const RECIPE = `project_name: demo
dataset_path: data/in.jsonl
export_path: out/clean.parquet
process:
`

describe('ray_document_deduplicator', () => {
  it('removes the exact duplicates document_deduplicator removes, with the same lowercase and ignore_non_character', () => {
    const texts = ['Hello, World 1', 'hello world', 'Hello, World 1', 'HELLO, WORLD 2', ' hello world ']
    for (const params of [{}, { lowercase: true }, { lowercase: true, ignore_non_character: true }]) {
      expect(duplicatesOf(rayDocumentDeduplicator, params)(...texts)).toEqual(duplicatesOf(documentDeduplicator, params)(...texts))
    }
    expect(duplicatesOf(rayDocumentDeduplicator, { lowercase: true, ignore_non_character: true })(...texts)).toEqual([1, 2, 3, 4])
  })

  it("hashes an empty text to Data-Juicer's EMPTY: not a duplicate of a whitespace-only text, but of another empty one", () => {
    expect(duplicatesOf(rayDocumentDeduplicator)('', '  ', '', ' ')).toEqual([2, 3])
    expect(duplicatesOf(documentDeduplicator)('', '  ', '', ' ')).toEqual([1, 2, 3])
  })

  it('accepts its Ray settings and reports each once as ignored', () => {
    const yaml = `${RECIPE}  - ray_document_deduplicator: {backend: redis, redis_address: 'redis://10.0.0.1:6379', lowercase: true}\n  - ray_document_deduplicator: {backend: ray_actor}\n`
    const { recipe, notes } = parseRecipe(yaml, '/base')
    expect(recipe.process[0]).toEqual({
      name: 'ray_document_deduplicator',
      params: { backend: 'redis', redis_address: 'redis://10.0.0.1:6379', lowercase: true, ignore_non_character: false }
    })
    expect(notes.filter((n) => n.includes('ray_document_deduplicator'))).toEqual([
      "'ray_document_deduplicator.backend' has no effect in Sieve (a Ray cluster setting: Sieve deduplicates on this machine); it is kept in the recipe and ignored.",
      "'ray_document_deduplicator.redis_address' has no effect in Sieve (a Ray cluster setting: Sieve deduplicates on this machine); it is kept in the recipe and ignored."
    ])
    expect(parseRecipe(`${RECIPE}  - ray_document_deduplicator: {lowercase: true}\n`, '/base').notes).toEqual([])
  })

  it('refuses a list or a mapping for a Ray setting, and a wrong type for a local one', () => {
    expect(() => parseRecipe(`${RECIPE}  - ray_document_deduplicator: {redis_address: [a]}\n`, '/base')).toThrow(
      /redis_address' must be a number, a string or true\/false/
    )
    expect(() => parseRecipe(`${RECIPE}  - ray_document_deduplicator: {lowercase: 3}\n`, '/base')).toThrow(/lowercase' must be true or false/)
  })
})
