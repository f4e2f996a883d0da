import { describe, expect, it } from 'vitest'
import type { OpDefinition } from '../define'
import cases from './data-juicer-selector-cases.json'
import { frequencySpecifiedFieldSelector } from './frequency_specified_field_selector'
import { rangeSpecifiedFieldSelector } from './range_specified_field_selector'
import { tagsSpecifiedFieldSelector } from './tags_specified_field_selector'
import { selectedTexts } from './testing-selector'

const OPS: Record<string, OpDefinition> = {
  frequency_specified_field_selector: frequencySpecifiedFieldSelector,
  range_specified_field_selector: rangeSpecifiedFieldSelector
}

/** Data-Juicer's own selector tests (tests/ops/selector/test_{frequency,range}_specified_field_selector.py), which compare the kept rows sorted by text. */
describe("frequency_ and range_specified_field_selector on Data-Juicer's own test cases", () => {
  it.each(cases.map((c) => [`${c.op} ${c.test}`, c] as const))('%s', (_, c) => {
    expect(selectedTexts(OPS[c.op]!, c.params, c.rows as Record<string, unknown>[]).sort()).toEqual(c.kept)
  })
})

describe('tags_specified_field_selector', () => {
  const rows = [
    { text: 'a', meta: { sentiment: 'happy' } },
    { text: 'b', meta: { sentiment: 'happy' } },
    { text: 'c', meta: { sentiment: 'sad' } },
    { text: 'd', meta: { sentiment: 'angry' } }
  ]

  it("keeps the rows tagged with a target, as Data-Juicer's own test expects", () => {
    expect(selectedTexts(tagsSpecifiedFieldSelector, { field_key: 'meta.sentiment', target_tags: ['happy', 'sad'] }, rows)).toEqual(['a', 'b', 'c'])
  })

  it('matches case-sensitively, never a number against a tag; keeps everything without a field_key or with one row', () => {
    const mixed = [
      { text: 'x', n: '3' },
      { text: 'y', n: 'Happy' },
      { text: 'z', n: null }
    ]
    expect(selectedTexts(tagsSpecifiedFieldSelector, { field_key: 'n', target_tags: ['3', 'happy'] }, mixed)).toEqual(['x'])
    expect(
      selectedTexts(tagsSpecifiedFieldSelector, { field_key: 'n', target_tags: ['3'] }, [
        { text: 'x', n: 3 },
        { text: 'y', n: 4 }
      ])
    ).toEqual([])
    expect(selectedTexts(tagsSpecifiedFieldSelector, { target_tags: ['happy'] }, rows)).toEqual(['a', 'b', 'c', 'd'])
    expect(selectedTexts(tagsSpecifiedFieldSelector, { field_key: 'meta.sentiment', target_tags: ['none'] }, rows.slice(0, 1))).toEqual(['a'])
  })

  it('refuses a field_key without target_tags, which Data-Juicer cannot run either; with neither, keeps every row', () => {
    expect(() => selectedTexts(tagsSpecifiedFieldSelector, { field_key: 'meta.sentiment' }, rows)).toThrow(
      /tags_specified_field_selector: set 'target_tags'/
    )
    expect(selectedTexts(tagsSpecifiedFieldSelector, {}, rows)).toEqual(['a', 'b', 'c', 'd'])
  })
})

describe('frequency_specified_field_selector', () => {
  const rows = ['a', 'b', 'a', null, 'c', 'b', 'a', null, 'd'].map((k, i) => ({ text: String(i), k }))

  it('keeps the rows of the most (or least) frequent values, empty counting as a value, ties in order of first appearance', () => {
    // Groups: a ×3, b ×2, null ×2, c ×1, d ×1.
    expect(selectedTexts(frequencySpecifiedFieldSelector, { field_key: 'k', topk: 2 }, rows)).toEqual(['0', '1', '2', '5', '6'])
    expect(selectedTexts(frequencySpecifiedFieldSelector, { field_key: 'k', topk: 3 }, rows)).toEqual(['0', '1', '2', '3', '5', '6', '7'])
    expect(selectedTexts(frequencySpecifiedFieldSelector, { field_key: 'k', topk: 1, reverse: false }, rows)).toEqual(['4'])
    // top_ratio 0.5 of 5 values is 2.5, rounded down to 2; topk 1 is smaller.
    expect(selectedTexts(frequencySpecifiedFieldSelector, { field_key: 'k', top_ratio: 0.5 }, rows)).toEqual(['0', '1', '2', '5', '6'])
    expect(selectedTexts(frequencySpecifiedFieldSelector, { field_key: 'k', top_ratio: 0.5, topk: 1 }, rows)).toEqual(['0', '2', '6'])
  })

  it('keeps everything with neither limit (0 counting as none) or without a field_key', () => {
    const all = rows.map((r) => r.text)
    expect(selectedTexts(frequencySpecifiedFieldSelector, { field_key: 'k' }, rows)).toEqual(all)
    expect(selectedTexts(frequencySpecifiedFieldSelector, { field_key: 'k', top_ratio: 0 }, rows)).toEqual(all)
    expect(selectedTexts(frequencySpecifiedFieldSelector, { topk: 1 }, rows)).toEqual(all)
  })

  it('refuses a field whose values are lists', () => {
    expect(() => selectedTexts(frequencySpecifiedFieldSelector, { field_key: 'k', topk: 1 }, [{ text: 'x', k: [1] }])).toThrow(
      /the values of 'k' must be strings, numbers or empty/
    )
  })
})

describe('range_specified_field_selector', () => {
  const rows = [5, 1, 3, 3, 3, 9, 7].map((v, i) => ({ text: String(i), v }))

  it('keeps the ranks between the bounds, picking among ties as Data-Juicer does', () => {
    // Ascending: 1(#1) 3(#2) 3(#3) 3(#4) 5(#0) 7(#6) 9(#5); ranks 2..4 (lower 2, upper 5) are then the
    // 3 largest of the 5 smallest: 5(#0), then the 3s in order: #2 and #3.
    expect(selectedTexts(rangeSpecifiedFieldSelector, { field_key: 'v', lower_rank: 2, upper_rank: 5 }, rows)).toEqual(['0', '2', '3'])
    // Percentiles of 7 rows: int(0.3 × 7) = 2, int(0.9 × 7) = 6; the larger lower and the smaller upper win.
    expect(selectedTexts(rangeSpecifiedFieldSelector, { field_key: 'v', lower_percentile: 0.3, upper_percentile: 0.9 }, rows)).toEqual([
      '0',
      '2',
      '3',
      '6'
    ])
    expect(
      selectedTexts(rangeSpecifiedFieldSelector, { field_key: 'v', lower_percentile: 0.3, lower_rank: 4, upper_percentile: 0.9, upper_rank: 5 }, rows)
    ).toEqual(['0'])
  })

  it('reads strings as Python floats and anything unreadable as the lowest value', () => {
    const mixed = [' 2.5 ', '1_0', 'inf', 'abc', '0x10', null].map((v, i) => ({ text: String(i), v }))
    // Values: 2.5, 10, inf, -maxsize, -maxsize, -maxsize; the top two are kept.
    expect(selectedTexts(rangeSpecifiedFieldSelector, { field_key: 'v', lower_rank: 4, upper_rank: 6 }, mixed)).toEqual(['1', '2'])
  })

  it('keeps everything without both a lower and an upper bound', () => {
    const all = rows.map((r) => r.text)
    expect(selectedTexts(rangeSpecifiedFieldSelector, { field_key: 'v', lower_rank: 2 }, rows)).toEqual(all)
    expect(selectedTexts(rangeSpecifiedFieldSelector, { field_key: 'v', upper_rank: 2 }, rows)).toEqual(all)
  })
})
