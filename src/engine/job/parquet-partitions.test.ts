import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { duckdbColumn, duckdbReadAll } from '../testing-duckdb'
import { COSQA, scratchDir } from '../testing'
import { readSlice } from '../io/read-slice'
import { schemaFromBase64 } from '../io/schema'
import type { Plan } from './plan'
import { readPlanSync } from './plan-file'
import { parquetRows, recipeFrom, runToEnd } from './testing-jobs'

const scratch = scratchDir('parquet-partitions')
const root = scratch.path
const oneGroup = join(root, 'one-group.parquet')

beforeAll(async () => {
  // 3,000 rows of the real file rewritten by DuckDB as a single row group.
  const db = await DuckDBInstance.create(':memory:')
  const c = await db.connect()
  await c.run(`COPY (SELECT * FROM read_parquet('${COSQA}') ORDER BY _id LIMIT 3000) TO '${oneGroup}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`)
  c.closeSync()
})
afterAll(() => scratch.remove())

function recipe(name: string, input: string, partitionSize: number, extra = ''): ReturnType<typeof recipeFrom> {
  return recipeFrom(
    `dataset_path: ${input}\nexport_path: ${join(root, name, 'out.parquet')}\nwork_dir: ${join(root, name, 'work')}\nnp: 2\npartition_size: ${partitionSize}\n${extra}\nprocess:\n  - whitespace_normalization_mapper:\n`,
    root
  )
}

function planOf(workDir: string): Plan {
  return readPlanSync(join(workDir, 'metadata', 'dataset_mapping.json'))
}

describe('Parquet input, partitioned by rows', () => {
  it('honours partition_size inside row groups: 20,604 rows in row groups of 1,000 at 2,500 → 9 partitions, every row once, in order', async () => {
    const r = recipe('cosqa', COSQA, 2500)
    const { outcome } = await runToEnd(r)
    expect(outcome.status).toBe('completed')
    expect(planOf(r.work_dir).partitions.map((p) => p.rows)).toEqual([...Array<number>(8).fill(2500), 604])
    await duckdbReadAll(r.export_path)
    expect(await duckdbColumn(r.export_path, '_id')).toEqual(await duckdbColumn(COSQA, '_id'))
    expect(await duckdbColumn(r.export_path, 'title')).toEqual(await duckdbColumn(COSQA, 'title'))
  })

  it('splits a file of one row group, and max_partition_size_mb cuts by bytes too', async () => {
    const r = recipe('one-group', oneGroup, 1000)
    expect((await runToEnd(r)).outcome.status).toBe('completed')
    expect(planOf(r.work_dir).partitions.map((p) => p.rows)).toEqual([1000, 1000, 1000])
    expect(await duckdbColumn(r.export_path, '_id')).toEqual(await duckdbColumn(oneGroup, '_id'))
    const bytes = recipe('by-bytes', oneGroup, 100_000, 'max_partition_size_mb: 0.1')
    expect((await runToEnd(bytes)).outcome.status).toBe('completed')
    const planned = planOf(bytes.work_dir).partitions
    expect(planned.length).toBeGreaterThan(2)
    for (const p of planned) expect(p.bytes).toBeLessThanOrEqual(0.1 * (1 << 20))
    expect(await parquetRows(bytes.export_path)).toEqual(await parquetRows(r.export_path))
  })

  it('still reads a plan made before (whole row groups), so a work directory planned then resumes to the same rows', async () => {
    const r = recipe('compat', COSQA, 2500)
    await runToEnd(r)
    const plan = planOf(r.work_dir)
    const source = { path: COSQA, format: 'parquet' as const, compression: 'none' as const }
    const rows = async (slice: Parameters<typeof readSlice>[1]): Promise<string[]> =>
      (await readSlice(source, slice, schemaFromBase64(plan.schema), ['text'], 4096)).batches.flatMap(
        (b) => b.getChild('_id')!.toArray() as unknown as string[]
      )
    const byRanges = (await Promise.all(plan.partitions.slice(0, 3).map((p) => rows(p.slice)))).flat()
    const wholeGroups = await rows({ kind: 'rowGroups', groups: [0, 1, 2, 3, 4, 5, 6, 7] })
    expect(byRanges).toHaveLength(7500)
    expect(byRanges).toEqual(wholeGroups.slice(0, 7500))
  })
})
