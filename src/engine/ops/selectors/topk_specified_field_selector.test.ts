import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../../testing'
import { corpusRecipe, parquetRows, runToEnd } from '../../job/testing-jobs'
import { getOpDefinition, resolveParams } from '..'
import type { Selector } from '../global'

const scratch = scratchDir('topk')
afterAll(() => scratch.remove())

const recipe = (name: string, np: number, ops: string): ReturnType<typeof corpusRecipe> => corpusRecipe(scratch.path, name, np, ops)

describe('topk_specified_field_selector in a job', () => {
  it('topk_specified_field_selector keeps the rows with the largest values of a nested field', async () => {
    const r = recipe('topk', 2, '  - topk_specified_field_selector: {field_key: meta.ts, topk: 25}\n')
    await runToEnd(r)
    const ts = (await parquetRows(r.export_path)).map((row) => (row.meta as { ts: number }).ts)
    expect(ts).toEqual(Array.from({ length: 25 }, (_, i) => 1700000000 + 1975 + i))
    const bottom = recipe('bottom', 2, '  - topk_specified_field_selector: {field_key: id, top_ratio: 0.01, reverse: false}\n')
    await runToEnd(bottom)
    expect((await parquetRows(bottom.export_path)).map((row) => row.id)).toEqual(Array.from({ length: 20 }, (_, i) => i))
  })
})

describe('topk_specified_field_selector decision', () => {
  /** What the selector keeps, by ranking every row: the reference the bounded heap must match. */
  function reference(values: (number | null)[], k: number, descending: boolean): number[] {
    return values
      .map((v, i) => [v, i] as const)
      .filter((e): e is readonly [number, number] => e[0] !== null)
      .sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]) || a[1] - b[1])
      .slice(0, k)
      .map((e) => e[1])
      .sort((a, b) => a - b)
  }

  it('keeps the same rows as ranking them all, ties to the earlier row, text that is not a number never, fed in batches', () => {
    let s = 5
    const next = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32
    // Few distinct values: many ties, some of them across batches.
    const values = Array.from({ length: 5000 }, () => (next() < 0.05 ? null : Math.floor(next() * 40) - 20))
    for (const [params, k] of [
      [{ topk: 37 }, 37],
      [{ top_ratio: 0.3, reverse: false }, 1500],
      [{ topk: 6000 }, 5000],
      [{ topk: 0 }, 0]
    ] as const) {
      const def = getOpDefinition('topk_specified_field_selector')
      const op = def.create(resolveParams(def.info, { field_key: 'score', ...params }), { textKey: 'text' }) as Selector
      const decision = op.decision(values.length)
      for (let from = 0; from < values.length; from += 700) decision.add(values.slice(from, from + 700).map((v) => (v === null ? 'n/a' : String(v))))
      const dropped = new Set<number>()
      for (const chunk of decision.finish()) for (const p of chunk) dropped.add(p)
      const kept = values.map((_, i) => i).filter((i) => !dropped.has(i))
      expect(kept).toEqual(reference(values, k, !('reverse' in params)))
    }
  })
})
