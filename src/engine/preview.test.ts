import { describe, expect, it } from 'vitest'
import { SieveError } from '../shared/errors'
import { runPreview } from './preview'
import { GSM8K } from './testing'

describe('runPreview', () => {
  it('runs a chain on the first 1,000 rows, with funnel, stat histogram, dropped examples and changes', async () => {
    const started = performance.now()
    const result = await runPreview({
      path: GSM8K,
      textKey: 'question',
      rows: 1000,
      process: [
        { name: 'whitespace_normalization_mapper', params: null },
        { name: 'text_length_filter', params: { min_len: 150, max_len: 400 } },
        { name: 'document_deduplicator', params: { lowercase: true } }
      ]
    })
    const millis = performance.now() - started
    console.log(`[preview] 1,000 rows through 3 operators in ${millis.toFixed(0)} ms`)
    expect(result.rows).toBe(1000)
    const [ws, length, dedup] = result.steps
    expect(ws).toMatchObject({ name: 'whitespace_normalization_mapper', rowsIn: 1000, rowsOut: 1000 })
    expect(length!.rowsIn).toBe(1000)
    expect(length!.rowsOut).toBeLessThan(1000)
    expect(length!.stat).toMatchObject({ key: 'text_len', min: 150, max: 400 })
    expect(length!.stat!.histogram.reduce((n, b) => n + b.count, 0)).toBe(1000)
    expect(length!.stat!.keptShare).toBeCloseTo(length!.rowsOut / 1000, 5)
    // The raw values let the window recompute the kept share exactly while a threshold is dragged.
    const values = length!.stat!.values
    expect(values).toHaveLength(1000)
    expect(values.filter((v) => v >= 150 && v <= 400).length).toBe(length!.rowsOut)
    expect(length!.dropped[0]!.reason).toMatch(/^text_len \d+ [<>] (min|max)_len/)
    expect(dedup!.rowsIn).toBe(length!.rowsOut)
    expect(millis).toBeGreaterThan(0)
  })

  it("shows a selector's sample as rows kept and rows not selected, not as one duplicate cluster", async () => {
    const result = await runPreview({
      path: GSM8K,
      textKey: 'question',
      rows: 1000,
      process: [{ name: 'random_selector', params: { select_num: 100 } }]
    })
    const [selector] = result.steps
    expect(selector).toMatchObject({ name: 'random_selector', kind: 'selector', rowsIn: 1000, rowsOut: 100, clusters: [] })
    expect(selector!.dropped.length).toBeGreaterThan(0)
    expect(selector!.dropped.every((d) => d.reason === 'not selected')).toBe(true)
  })

  it('shows the rows a filter without a stat dropped, with why, and no histogram', async () => {
    const result = await runPreview({
      path: GSM8K,
      textKey: 'question',
      rows: 100,
      process: [{ name: 'specified_field_filter', params: { field_key: 'question', target_value: ['none of them'] } }]
    })
    const [filter] = result.steps
    expect(filter).toMatchObject({ kind: 'filter', rowsIn: 100, rowsOut: 0 })
    expect(filter!.stat).toBeUndefined()
    expect(filter!.dropped).toHaveLength(8)
    expect(filter!.dropped.every((d) => d.reason === 'question is not one of the target values')).toBe(true)
  })

  it('names an unknown operator and a missing text field', async () => {
    await expect(runPreview({ path: GSM8K, textKey: 'question', rows: 10, process: [{ name: 'text_length_filtr', params: null }] })).rejects.toThrow(
      /Did you mean 'text_length_filter'/
    )
    const err = await runPreview({ path: GSM8K, textKey: 'text', rows: 10, process: [] }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SieveError)
    expect((err as SieveError).message).toMatch(/no field 'text' \(its fields: question, answer\)/)
  })
})
