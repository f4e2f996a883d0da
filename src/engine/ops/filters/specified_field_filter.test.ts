import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readManifest } from '../../job/manifest'
import { scratchDir } from '../../testing'
import { corpusRecipe, parquetRows, runToEnd } from '../../job/testing-jobs'

const scratch = scratchDir('field-filters')
afterAll(() => scratch.remove())

const recipe = (name: string, np: number, ops: string): ReturnType<typeof corpusRecipe> => corpusRecipe(scratch.path, name, np, ops)

describe('specified_field_filter in a job', () => {
  it('specified_field_filter and specified_numeric_field_filter keep rows by field value', async () => {
    const r = recipe(
      'fields',
      2,
      '  - specified_field_filter: {field_key: meta.source, target_value: [forum]}\n  - specified_numeric_field_filter: {field_key: id, min_value: 100, max_value: 999}\n'
    )
    await runToEnd(r)
    const rows = await parquetRows(r.export_path)
    expect(rows.length).toBeGreaterThan(50)
    for (const row of rows) {
      expect((row.meta as { source: string }).source).toBe('forum')
      expect(row.id as number).toBeGreaterThanOrEqual(100)
      expect(row.id as number).toBeLessThanOrEqual(999)
    }
  })

  it('with preserve_intermediate_data, writes the rows it dropped and why, as every filter does', async () => {
    const r = {
      ...recipe('rejected', 1, '  - specified_field_filter: {field_key: meta.source, target_value: [forum]}\n'),
      preserve_intermediate_data: true
    }
    await runToEnd(r)
    const manifest = (await readManifest(join(r.work_dir, 'metadata', 'manifest.json')))!
    const files = manifest.partitions.flatMap((p) => p.rejected)
    expect(files.length).toBeGreaterThan(0)
    const rows = (await Promise.all(files.map((f) => parquetRows(join(r.work_dir, f.path))))).flat()
    expect(rows.length).toBe(files.reduce((n, f) => n + f.rows, 0))
    for (const row of rows) {
      expect((row.meta as { source: string }).source).not.toBe('forum')
      expect(row.__sieve_reason__).toBe('meta.source is not one of the target values')
    }
  })

  it('a field the dataset lacks is one clear error, not retried since it would fail the same way', async () => {
    const r = recipe('nofield', 1, '  - specified_field_filter: {field_key: nope, target_value: [x]}\n')
    const { outcome, events } = await runToEnd(r)
    expect(events.filter((e) => e.event_type === 'partition_retry')).toEqual([])
    expect(events.find((e) => e.event_type === 'partition_failed')?.message).toMatch(/not retried/)
    expect(outcome.failed[0]?.error).toMatch(/specified_field_filter: the dataset has no field 'nope' \(its fields: id, text, url, meta\)/)
  })
})
