import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import {
  chainFromYaml,
  duplicateItem,
  insertItem,
  moveItem,
  readSetting,
  withParam,
  yamlWithChain,
  yamlWithSetting,
  type ChainItem
} from './recipe-draft'

const starter = readFileSync('resources/recipes/starter.yaml', 'utf8')

function chainOf(yaml: string, previous?: ChainItem[]): ChainItem[] {
  const result = chainFromYaml(yaml, previous)
  if ('problem' in result) throw new Error(result.problem.message)
  return result.chain
}

describe('the recipe draft: chain and YAML kept in sync both ways', () => {
  it('reads the starter recipe into a chain, bare operators with no parameters', () => {
    const chain = chainOf(starter)
    expect(chain.map((c) => c.name)).toEqual(['whitespace_normalization_mapper', 'text_length_filter', 'document_deduplicator'])
    expect(chain[0]!.params).toEqual({})
    expect(chain[1]!.params).toEqual({ min_len: 250, max_len: 2000 })
    expect(chain.every((c) => c.enabled)).toBe(true)
  })

  it('writes a reordered chain back, keeping the other keys and the top comment', () => {
    const chain = chainOf(starter)
    const reordered = [chain[1]!, chain[0]!, chain[2]!]
    const yaml = yamlWithChain(starter, reordered)
    expect(yaml.startsWith("# A starter recipe in Data-Juicer's format")).toBe(true)
    const parsed = parse(yaml) as { process: Record<string, unknown>[]; project_name: string }
    expect(parsed.project_name).toBe('sieve-starter')
    expect(parsed.process.map((p) => Object.keys(p)[0])).toEqual(['text_length_filter', 'whitespace_normalization_mapper', 'document_deduplicator'])
    expect(parsed.process[1]).toEqual({ whitespace_normalization_mapper: null })
  })

  it('leaves a disabled operator out of the YAML and puts it back where it was when the YAML is edited', () => {
    const chain = chainOf(starter)
    chain[1] = { ...chain[1]!, enabled: false }
    const yaml = yamlWithChain(starter, chain)
    expect(yaml).not.toContain('text_length_filter')
    const edited = yaml.replace('lowercase: false', 'lowercase: true')
    const again = chainOf(edited, chain)
    expect(again.map((c) => [c.name, c.enabled])).toEqual([
      ['whitespace_normalization_mapper', true],
      ['text_length_filter', false],
      ['document_deduplicator', true]
    ])
    expect(again[2]!.params.lowercase).toBe(true)
    expect(again.map((c) => c.id)).toEqual(chain.map((c) => c.id))
  })

  it('names the line of a YAML syntax error and a process list of the wrong shape', () => {
    const broken = chainFromYaml('project_name: x\nprocess:\n  - a: [1, 2\n')
    expect('problem' in broken && broken.problem.line).toBeGreaterThanOrEqual(3)
    const wrong = chainFromYaml('process: text_length_filter\n')
    expect('problem' in wrong && wrong.problem.message).toMatch(/must be a list/)
    const twoNames = chainFromYaml('process:\n  - {a: 1, b: 2}\n')
    expect('problem' in twoNames && twoNames.problem.message).toMatch(/one operator/)
  })

  it('sets, reads and removes nested settings; an emptied section goes away', () => {
    let yaml = yamlWithSetting(starter, ['export', 'compression'], 'snappy')
    expect(readSetting(yaml, ['export', 'compression'])).toBe('snappy')
    expect(readSetting(yaml, ['np'])).toBe(2)
    yaml = yamlWithSetting(yaml, ['export', 'compression'], undefined)
    expect(readSetting(yaml, ['export'])).toBeUndefined()
    expect(yaml).toContain('# Drop exact duplicates')
    expect(readSetting(yamlWithSetting('', ['np'], 3), ['np'])).toBe(3)
  })
})

describe('chain edits', () => {
  const item = (id: string): ChainItem => ({ id, name: `op_${id}`, params: {}, enabled: true })
  const ids = (chain: ChainItem[]): string[] => chain.map((c) => c.id)
  const abc = [item('a'), item('b'), item('c')]

  it('inserts at an index, clamped to the ends', () => {
    expect(ids(insertItem(abc, item('x'), 1))).toEqual(['a', 'x', 'b', 'c'])
    expect(ids(insertItem(abc, item('x'), 99))).toEqual(['a', 'b', 'c', 'x'])
    expect(ids(insertItem(abc, item('x'), -1))).toEqual(['x', 'a', 'b', 'c'])
  })

  it('moves an item before the item at the target index, or to the end', () => {
    expect(ids(moveItem(abc, 'a', 2))).toEqual(['b', 'a', 'c'])
    expect(ids(moveItem(abc, 'a', 3))).toEqual(['b', 'c', 'a'])
    expect(ids(moveItem(abc, 'c', 0))).toEqual(['c', 'a', 'b'])
    expect(ids(moveItem(abc, 'b', 1))).toEqual(['a', 'b', 'c'])
    expect(ids(moveItem(abc, 'b', 2))).toEqual(['a', 'b', 'c'])
    expect(moveItem(abc, 'nope', 0)).toBe(abc)
  })

  it('duplicates an item right after it, with its own id and a copy of its parameters', () => {
    const chain = [item('a'), { ...item('b'), params: { suffixes: ['.txt'] } }, item('c')]
    const { chain: out, copy } = duplicateItem(chain, 'b')
    expect(copy).not.toBeNull()
    expect(out.map((c) => c.name)).toEqual(['op_a', 'op_b', 'op_b', 'op_c'])
    expect(out[2]!.id).not.toBe('b')
    expect(out[2]!.params).toEqual({ suffixes: ['.txt'] })
    expect(out[2]!.params.suffixes).not.toBe(chain[1]!.params.suffixes)
  })

  it('sets a parameter, and removes it so the default applies', () => {
    const set = withParam(abc, 'b', 'min_len', 250)
    expect(set[1]!.params).toEqual({ min_len: 250 })
    expect(abc[1]!.params).toEqual({})
    expect(withParam(set, 'b', 'min_len', undefined)[1]!.params).toEqual({})
    expect(withParam(abc, 'b', 'max_len', null)[1]!.params).toEqual({ max_len: null })
  })
})
