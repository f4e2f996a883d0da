import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scratchDir } from '../testing'
import { readPlan, readPlanSync } from './plan-file'

const scratch = scratchDir('plan-file')
afterAll(() => scratch.remove())

const plan = {
  version: 1,
  created_at: '2026-01-01T00:00:00.000Z',
  recipe_sha256: 'abc',
  inputs: [{ path: '/data/a.jsonl', format: 'jsonl', compression: 'none', size: 10, mtime_ms: 1, head_sha256: 'h', tail_sha256: 't' }],
  schema: 'AAAA',
  text_keys: ['text'],
  total_rows: 2,
  partitions: [{ id: 0, input: 0, slice: { kind: 'bytes', start: 0, end: 10, firstLine: 1, rows: 2 }, rows: 2, bytes: 10 }],
  stages: [{ first: 0, last: 1, dedup: null }]
}

function write(name: string, text: string): string {
  const path = join(scratch.path, name)
  writeFileSync(path, text)
  return path
}

describe('readPlan', () => {
  it('returns a valid plan as written', async () => {
    const path = write('good.json', JSON.stringify(plan))
    expect(await readPlan(path)).toEqual(plan)
    expect(readPlanSync(path)).toEqual(plan)
  })

  it('names the file and what to do when the JSON is cut short', async () => {
    const path = write('cut.json', JSON.stringify(plan).slice(0, 40))
    await expect(readPlan(path)).rejects.toMatchObject({ name: 'SieveError', code: 'MALFORMED', details: { path } })
    expect(() => readPlanSync(path)).toThrow(/The job plan .*cut\.json is damaged: it is not valid JSON.*sieve run RECIPE --force/)
  })

  it('names the field that does not fit', async () => {
    const path = write('bad-field.json', JSON.stringify({ ...plan, partitions: [{ ...plan.partitions[0], rows: 'many' }] }))
    await expect(readPlan(path)).rejects.toThrow(/bad-field\.json is damaged: partitions\.0\.rows: .*sieve run RECIPE --force/)
  })
})
