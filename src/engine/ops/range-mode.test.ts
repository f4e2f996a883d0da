import { Field, Float64, Schema, Utf8, type RecordBatch } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { rowsToBatch } from '../io/schema'
import { getOpDefinition, resolveParams } from '.'
import { readStrings } from './batch'
import { opContext } from './common-params'
import type { Operator } from './base'

/**
 * Data-Juicer's rule, written out as ops/base_op.py has it: Filter.__init__ flips both closed
 * flags when reversed_range is set, and get_keep_boolean negates the result when it is.
 */
function dataJuicerKeeps(val: number, minVal: number | null, maxVal: number | null, kwargs: Kwargs): boolean {
  let minClosed = kwargs.min_closed_interval
  let maxClosed = kwargs.max_closed_interval
  if (kwargs.reversed_range) {
    minClosed = !minClosed
    maxClosed = !maxClosed
  }
  let res = true
  if (minVal !== null) res = res && (minClosed ? val >= minVal : val > minVal)
  if (maxVal !== null) res = res && (maxClosed ? val <= maxVal : val < maxVal)
  if (kwargs.reversed_range) res = !res
  return res
}

interface Kwargs {
  min_closed_interval: boolean
  max_closed_interval: boolean
  reversed_range: boolean
}

const COMBINATIONS: Kwargs[] = [false, true].flatMap((reversed_range) =>
  [true, false].flatMap((min_closed_interval) =>
    [true, false].map((max_closed_interval) => ({ min_closed_interval, max_closed_interval, reversed_range }))
  )
)

const textSchema = new Schema([new Field('text', new Utf8(), true)])
const textBatch = (texts: string[]): RecordBatch =>
  rowsToBatch(
    texts.map((t) => [t]),
    textSchema
  )

/** An operator as a job makes it: parameters resolved, common arguments read into its context. */
function make(name: string, params: Record<string, unknown>): Operator {
  const def = getOpDefinition(name)
  const resolved = resolveParams(def.info, params)
  return def.create(resolved, opContext(resolved, { textKey: 'text', skipOpError: false }))
}

const keptTexts = (op: Operator, batch: RecordBatch): string[] => readStrings(op.process(batch).batch, 'text') as string[]

/** Filters by a stat, each with texts whose stat is below min, == min, inside, == max and above max. */
const CASES: { name: string; min: [string, number]; max: [string, number]; texts: { text: string; stat: number }[] }[] = [
  {
    name: 'text_length_filter',
    min: ['min_len', 3],
    max: ['max_len', 5],
    texts: [2, 3, 4, 5, 6].map((n) => ({ text: 'x'.repeat(n), stat: n }))
  },
  {
    name: 'words_num_filter',
    min: ['min_num', 2],
    max: ['max_num', 4],
    texts: [1, 2, 3, 4, 5].map((n) => ({ text: Array.from({ length: n }, (_, i) => `w${i}`).join(' '), stat: n }))
  },
  {
    name: 'alphanumeric_filter',
    min: ['min_ratio', 0.5],
    max: ['max_ratio', 0.75],
    texts: [
      { text: 'a!!!', stat: 0.25 },
      { text: 'ab!!', stat: 0.5 },
      { text: 'abcde!!!', stat: 0.625 },
      { text: 'abc!', stat: 0.75 },
      { text: 'abcd', stat: 1 }
    ]
  },
  {
    name: 'average_line_length_filter',
    min: ['min_len', 3],
    max: ['max_len', 5],
    texts: [
      { text: 'y\ny', stat: 1.5 }, // Data-Juicer's average: len(text) / lines
      { text: 'yy\nyyy', stat: 3 },
      { text: 'yyyy\nyyyy', stat: 4.5 },
      { text: 'yyy\nyyyyyy', stat: 5 },
      { text: 'yyyyy\nyyyyyy', stat: 6 }
    ]
  }
]

describe('min_closed_interval, max_closed_interval and reversed_range, as Data-Juicer reads them', () => {
  it('text_length_filter keeps these lengths of 2..6 with [3, 5] in each of the eight combinations', () => {
    const texts = [2, 3, 4, 5, 6].map((n) => 'x'.repeat(n))
    const kept = COMBINATIONS.map((kwargs) =>
      keptTexts(make('text_length_filter', { min_len: 3, max_len: 5, ...kwargs }), textBatch(texts)).map((t) => t.length)
    )
    expect(kept).toEqual([
      [3, 4, 5], // closed, closed
      [3, 4], // max open
      [4, 5], // min open
      [4], // both open
      [2, 3, 5, 6], // reversed: (3, 5) is dropped
      [2, 3, 6], // reversed, max_closed_interval false: (3, 5] dropped
      [2, 5, 6], // reversed, min_closed_interval false: [3, 5) dropped
      [2, 6] // reversed, both false: [3, 5] dropped
    ])
  })

  for (const { name, min, max, texts } of CASES) {
    it(`${name} keeps what get_keep_boolean keeps at and around its bounds`, () => {
      for (const kwargs of COMBINATIONS) {
        const op = make(name, { [min[0]]: min[1], [max[0]]: max[1], ...kwargs })
        const expected = texts.filter(({ stat }) => dataJuicerKeeps(stat, min[1], max[1], kwargs)).map((t) => t.text)
        expect([kwargs, keptTexts(op, textBatch(texts.map((t) => t.text)))]).toEqual([kwargs, expected])
      }
    })
  }

  it('reversed_range reverses a default bound too (flagged_words_filter: min_ratio 0 by default)', () => {
    const texts = ['Do you need a cup of coffee?', 'fuck this plain sentence of many many dull words', 'Fuck you doggystyle!']
    expect(keptTexts(make('flagged_words_filter', { max_ratio: 0.2 }), textBatch(texts))).toEqual(texts.slice(0, 2))
    // Kept: ratio <= 0 (the reversed, now closed min_ratio 0) or >= 0.2; the ratio 1/9 in between is dropped.
    expect(keptTexts(make('flagged_words_filter', { max_ratio: 0.2, reversed_range: true }), textBatch(texts))).toEqual([texts[0], texts[2]])
  })

  it('specified_numeric_field_filter honours them; a value that is not a number is dropped either way, as in Data-Juicer', () => {
    const schema = new Schema([new Field('text', new Utf8(), true), new Field('score', new Float64(), true)])
    const values = [0, 1, 2, 3, 4]
    const batch = rowsToBatch([...values.map((v) => [`v${v}`, v]), ['none', null]], schema)
    for (const kwargs of COMBINATIONS) {
      const op = make('specified_numeric_field_filter', { field_key: 'score', min_value: 1, max_value: 3, ...kwargs })
      const expected = values.filter((v) => dataJuicerKeeps(v, 1, 3, kwargs)).map((v) => `v${v}`)
      expect([kwargs, keptTexts(op, batch)]).toEqual([kwargs, expected])
    }
  })

  it("a dropped row's reason says which bound it is past, or the range reversed_range drops", () => {
    const reasons = (kwargs: Partial<Kwargs>): string[] =>
      make('text_length_filter', { min_len: 3, max_len: 5, ...kwargs }).process(textBatch(['xx', 'xxx', 'xxxx', 'xxxxx', 'xxxxxx'])).rejected!.reasons
    expect(reasons({})).toEqual(['text_len 2 < min_len 3', 'text_len 6 > max_len 5'])
    expect(reasons({ min_closed_interval: false, max_closed_interval: false })).toEqual([
      'text_len 2 < min_len 3',
      'text_len 3 = min_len 3 (min_closed_interval is false)',
      'text_len 5 = max_len 5 (max_closed_interval is false)',
      'text_len 6 > max_len 5'
    ])
    expect(reasons({ reversed_range: true })).toEqual(['min_len 3 < text_len 4 < max_len 5: inside the range, which reversed_range drops'])
    expect(reasons({ reversed_range: true, min_closed_interval: false })).toEqual([
      'min_len 3 <= text_len 3 < max_len 5: inside the range, which reversed_range drops',
      'min_len 3 <= text_len 4 < max_len 5: inside the range, which reversed_range drops'
    ])
  })

  it('a filter without thresholds takes them and keeps rows as it did (Data-Juicer ignores them there)', () => {
    const texts = ['a.txt', 'b']
    const kept = keptTexts(make('specified_field_filter', { field_key: 'text', target_value: ['a.txt'], reversed_range: true }), textBatch(texts))
    expect(kept).toEqual(['a.txt'])
  })

  it('a lowest bound above the highest is refused, saying what reversed_range would make of it', () => {
    const def = getOpDefinition('text_length_filter')
    expect(() => resolveParams(def.info, { min_len: 9, max_len: 3 })).toThrow('so text_length_filter would drop every row')
    expect(() => resolveParams(def.info, { min_len: 9, max_len: 3, reversed_range: true })).toThrow(
      'so text_length_filter would keep every row (reversed_range keeps what is outside an empty range)'
    )
  })
})
